package org.rnnstudio.ui.editor;

import org.eclipse.gef.palette.CombinedTemplateCreationEntry;
import org.eclipse.gef.palette.ConnectionCreationToolEntry;
import org.eclipse.gef.palette.MarqueeToolEntry;
import org.eclipse.gef.palette.PaletteDrawer;
import org.eclipse.gef.palette.PaletteGroup;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.palette.PaletteSeparator;
import org.eclipse.gef.palette.SelectionToolEntry;
import org.eclipse.gef.requests.CreationFactory;
import org.eclipse.jface.resource.ImageDescriptor;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/** The palette: unit groups of every kind, and connections of every kind with their delays. */
public final class RnnPalette {

    private RnnPalette() {
    }

    public static PaletteRoot create() {
        PaletteRoot root = new PaletteRoot();
        PaletteGroup tools = new PaletteGroup("Tools");
        SelectionToolEntry select = new SelectionToolEntry();
        tools.add(select);
        tools.add(new MarqueeToolEntry());
        root.add(tools);
        root.setDefaultEntry(select);
        root.add(new PaletteSeparator());

        PaletteDrawer groups = new PaletteDrawer("Unit groups");
        groups.add(group("Input", "Input units, set by the data at each step", "input", UnitGroup.Role.INPUT, Activation.LINEAR, false, 2));
        groups.add(group("Linear", "Hidden linear units", "linear", UnitGroup.Role.HIDDEN, Activation.LINEAR, false, 3));
        groups.add(group("Logistic", "Hidden logistic units (also gates)", "logistic", UnitGroup.Role.HIDDEN, Activation.LOGISTIC, false, 3));
        groups.add(group("Tanh", "Hidden tanh units", "tanh", UnitGroup.Role.HIDDEN, Activation.TANH, false, 3));
        groups.add(group("ReLU", "Hidden rectified linear units", "relu", UnitGroup.Role.HIDDEN, Activation.RELU, false, 3));
        groups.add(group("Softmax", "Softmax units", "softmax", UnitGroup.Role.HIDDEN, Activation.SOFTMAX, false, 3));
        groups.add(group("Product", "Multiplicative units: multiply their inputs unit by unit (how a gate multiplies a signal)", "product",
                UnitGroup.Role.HIDDEN, Activation.LINEAR, true, 3));
        groups.add(group("Output", "Output units with a target", "output", UnitGroup.Role.OUTPUT, Activation.LOGISTIC, false, 1));
        root.add(groups);

        PaletteDrawer connections = new PaletteDrawer("Connections");
        connections.add(connection("Full", "A learned weight matrix, same step (set the delay in Properties)", "full", Connection.Kind.FULL, 0));
        connections.add(connection("One-to-one", "A learned weight per unit (groups of the same size)", "one-to-one", Connection.Kind.ONE_TO_ONE, 0));
        connections.add(connection("Identity", "Copies the signal, no weights (groups of the same size)", "identity", Connection.Kind.IDENTITY, 0));
        connections.add(connection("Recurrent (t-1)", "A full connection from the previous time step", "recurrent", Connection.Kind.FULL, 1));
        root.add(connections);

        PaletteDrawer cells = new PaletteDrawer("Cells");
        cells.add(cell("LSTM", "A memory cell with keep, write and read gates (PyTorch's nn.LSTM); double-click to open", Cell.Kind.LSTM));
        cells.add(cell("GRU", "Reset and update gates (PyTorch's nn.GRU); double-click to open", Cell.Kind.GRU));
        cells.add(cell("Elman", "A layer reading itself one step back (PyTorch's nn.RNN)", Cell.Kind.ELMAN));
        root.add(cells);
        return root;
    }

    private static ImageDescriptor icon(String name) {
        return ImageDescriptor.createFromURL(RnnPalette.class.getResource("/icons/palette/" + name + ".png"));
    }

    private static CombinedTemplateCreationEntry group(String label, String description, String icon, UnitGroup.Role role, Activation activation,
            boolean product, int size) {
        CreationFactory factory = new CreationFactory() {
            @Override
            public Object getNewObject() {
                String id = role == UnitGroup.Role.INPUT ? "input" : role == UnitGroup.Role.OUTPUT ? "output" : product ? "product" : "hidden";
                UnitGroup g = new UnitGroup(id, role, size);
                if (role != UnitGroup.Role.INPUT) {
                    g.setActivation(activation);
                }
                if (product) {
                    g.setCombine(UnitGroup.Combine.PRODUCT);
                    g.setBias(false);
                }
                if (role == UnitGroup.Role.OUTPUT) {
                    g.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
                }
                return g;
            }

            @Override
            public Object getObjectType() {
                return UnitGroup.class;
            }
        };
        // a template entry: click to pick then click on the canvas, or drag it onto the canvas
        return new CombinedTemplateCreationEntry(label, description, factory, factory, icon(icon), icon(icon));
    }

    private static CombinedTemplateCreationEntry cell(String label, String description, Cell.Kind kind) {
        CreationFactory factory = new CreationFactory() {
            @Override
            public Object getNewObject() {
                return new Cell(kind.name().toLowerCase(java.util.Locale.ROOT), kind, 8);
            }

            @Override
            public Object getObjectType() {
                return Cell.class;
            }
        };
        return new CombinedTemplateCreationEntry(label, description, factory, factory, icon("cell"), icon("cell"));
    }

    private static ConnectionCreationToolEntry connection(String label, String description, String icon, Connection.Kind kind, int delay) {
        CreationFactory factory = new CreationFactory() {
            @Override
            public Object getNewObject() {
                return new Connection("connection", null, null, kind, delay);
            }

            @Override
            public Object getObjectType() {
                return Connection.class;
            }
        };
        ConnectionCreationToolEntry entry = new ConnectionCreationToolEntry(label, description, factory, icon(icon), icon(icon));
        entry.setToolClass(ConnectionTool.class);
        return entry;
    }
}
