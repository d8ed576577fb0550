package org.rnnstudio.ui.editor.actions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.graph.DirectedGraph;
import org.eclipse.draw2d.graph.DirectedGraphLayout;
import org.eclipse.draw2d.graph.Edge;
import org.eclipse.draw2d.graph.Node;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.GraphicalViewer;
import org.eclipse.gef.ui.actions.EditorPartAction;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.commands.LayoutCommand;

/**
 * Lays the diagram out with Draw2d's DirectedGraphLayout: connections go upwards, inputs at the bottom and
 * outputs at the top as the lecture draws them. Self-connections are left out and the layout breaks the
 * remaining cycles itself.
 */
public class AutoLayoutAction extends EditorPartAction {

    public static final String ID = "org.rnnstudio.ui.autoLayout";

    private final RnnEditor editor;

    public AutoLayoutAction(RnnEditor editor) {
        super(editor);
        this.editor = editor;
        setId(ID);
        setText("Auto Layout");
        setToolTipText("Arrange the groups automatically (undoable)");
    }

    @Override
    protected boolean calculateEnabled() {
        ModelDocument document = editor.document();
        return document != null && !document.model().groups().isEmpty();
    }

    @Override
    public void run() {
        ModelDocument document = editor.document();
        execute(new LayoutCommand(document, layout(document, editor.getGraphicalViewer())));
    }

    /** New places for every group, as the layout computes them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Model.Bounds> layout(ModelDocument document, GraphicalViewer viewer) {
        DirectedGraph graph = new DirectedGraph();
        Map<String, Node> nodes = new HashMap<>();
        java.util.List<Object> elements = new java.util.ArrayList<>(document.model().groups());
        elements.addAll(document.model().cells());
        for (Object element : elements) {
            Node n = new Node(element);
            Object part = viewer.getEditPartRegistry().get(element);
            Dimension size = part instanceof GraphicalEditPart p ? p.getFigure().getPreferredSize() : new Dimension(120, 50);
            n.width = size.width;
            n.height = size.height;
            nodes.put(element instanceof UnitGroup g ? g.id() : ((org.rnnstudio.model.Cell) element).id(), n);
            graph.nodes.add(n);
        }
        for (Connection c : document.model().connections()) {
            Node from = nodes.get(c.from());
            Node to = nodes.get(c.to());
            if (from != null && to != null && from != to) {
                graph.edges.add(new Edge(from, to));
            }
        }
        graph.setDefaultPadding(new org.eclipse.draw2d.geometry.Insets(30, 50, 30, 50));
        new DirectedGraphLayout().visit(graph);
        int maxY = 0;
        for (Node n : nodes.values()) {
            maxY = Math.max(maxY, n.y + n.height);
        }
        Map<String, Model.Bounds> bounds = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            bounds.put(e.getKey(), new Model.Bounds(40 + n.x, 40 + maxY - n.y - n.height, -1, -1));
        }
        return bounds;
    }
}
