package org.rnnstudio.ui.editor.hidden;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.draw2d.ConnectionAnchor;
import org.eclipse.draw2d.EllipseAnchor;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editpolicies.ComponentEditPolicy;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.parts.AnchoredPart;
import org.rnnstudio.ui.editor.properties.Properties;
import org.rnnstudio.ui.figures.HmmStateFigure;

/** A state of the HMM's graph, placed on a circle by its number; deleting it removes the state (undoable). */
public class HmmStatePart extends AnchoredPart {

    private final ModelDocument document;

    public HmmStatePart(ModelDocument document, HmmState state) {
        this.document = document;
        setModel(state);
    }

    private int index() {
        return ((HmmState) getModel()).index();
    }

    private HmmDescription hmm() {
        return document.model().hmm();
    }

    @Override
    protected IFigure createFigure() {
        return new HmmStateFigure();
    }

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.COMPONENT_ROLE, new ComponentEditPolicy() {
            @Override
            protected Command createDeleteCommand(GroupRequest request) {
                int s = index();
                return hmm().states() <= 1 ? null : new HiddenStateCommand("Remove state", document, m -> HmmEdits.removeState(m.hmm(), s));
            }
        });
    }

    /** Where state i of n goes: on a circle, the first at the top, clockwise. */
    public static Rectangle place(int i, int n) {
        int radius = n == 1 ? 0 : Math.max(140, 30 * n);
        double angle = 2 * Math.PI * i / n - Math.PI / 2;
        int cx = 60 + radius + HmmStateFigure.SIZE.width / 2;
        int cy = 40 + radius + HmmStateFigure.SIZE.height / 2;
        return new Rectangle(cx + (int) Math.round(radius * Math.cos(angle)) - HmmStateFigure.SIZE.width / 2,
                cy + (int) Math.round(radius * Math.sin(angle)) - HmmStateFigure.SIZE.height / 2, HmmStateFigure.SIZE.width, HmmStateFigure.SIZE.height);
    }

    @Override
    protected void refreshVisuals() {
        HmmDescription h = hmm();
        int i = index();
        if (h == null || i >= h.states()) {
            return;
        }
        double[][] pi = h.parameters().get("pi");
        double[][] a = h.parameters().get("A");
        double[] symbols = null;
        String gaussian = null;
        if (h.emission() == HmmDescription.Emission.CATEGORICAL) {
            double[][] b = h.parameters().get("B");
            symbols = b == null ? null : b[i];
        } else if (h.parameters().containsKey("means")) {
            gaussian = String.format(Locale.ROOT, "mean %s var %s", brief(h.parameters().get("means")[i]),
                    brief(h.parameters().getOrDefault("variances", new double[h.states()][0])[i]));
        }
        ((HmmStateFigure) getFigure()).setState(name(h, i), pi == null ? Double.NaN : pi[0][i], a == null ? Double.NaN : a[i][i], symbols, gaussian,
                details(h, i));
        ((GraphicalEditPart) getParent()).setLayoutConstraint(this, getFigure(), place(i, h.states()));
    }

    static String name(HmmDescription h, int i) {
        return i < h.stateNames().size() ? h.stateNames().get(i) : "state " + i;
    }

    private static String details(HmmDescription h, int i) {
        StringBuilder s = new StringBuilder(name(h, i));
        if (h.emission() == HmmDescription.Emission.CATEGORICAL) {
            double[][] b = h.parameters().get("B");
            s.append(b == null ? "\nemission: learned from the data" : "\nemission:");
            for (int k = 0; b != null && k < h.symbols(); k++) {
                s.append(String.format(Locale.ROOT, "\n  %s: %.4g", k < h.symbolNames().size() ? h.symbolNames().get(k) : Integer.toString(k), b[i][k]));
            }
        } else {
            s.append("\nGaussian emission, ").append(h.dimensions()).append(" dimensions (diagonal)");
        }
        return s.toString();
    }

    private static String brief(double[] v) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(2, v.length); k++) {
            s.append(k > 0 ? "," : "").append(String.format(Locale.ROOT, "%.3g", v[k]));
        }
        return s.append(v.length > 2 ? ",..." : "").toString();
    }

    /** The arrows out of this state: every other state it can move to (all of them while the engine sets A). */
    @Override
    protected List<HmmTransition> getModelSourceConnections() {
        return transitions(true);
    }

    @Override
    protected List<HmmTransition> getModelTargetConnections() {
        return transitions(false);
    }

    private List<HmmTransition> transitions(boolean out) {
        List<HmmTransition> list = new ArrayList<>();
        HmmDescription h = hmm();
        if (h == null || index() >= h.states()) {
            return list;
        }
        double[][] a = h.parameters().get("A");
        for (int j = 0; j < h.states(); j++) {
            int from = out ? index() : j;
            int to = out ? j : index();
            if (from != to && (a == null || a[from][to] > 0)) {
                list.add(new HmmTransition(from, to));
            }
        }
        return list;
    }

    @Override
    protected ConnectionAnchor createAnchor() {
        return new EllipseAnchor(getFigure());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            return properties();
        }
        return super.getAdapter(key);
    }

    private Properties properties() {
        HmmDescription h = hmm();
        int i = index();
        Properties p = new Properties(document).readOnly("state", "State", "State", () -> Integer.toString(i))
                .text("stateName", "Name", "State", () -> name(h, i), v -> {
                    while (h.stateNames().size() < h.states()) {
                        h.stateNames().add("state " + h.stateNames().size());
                    }
                    h.stateNames().set(i, v.trim());
                }, v -> v.isBlank() ? "a state's name is not blank" : null)
                .real("stay", "Stay (A[" + i + "][" + i + "])", "Transitions", () -> HmmEdits.transitions(h)[i][i],
                        v -> HmmEdits.setTransition(h, i, i, v), 0, 1);
        if (h.emission() == HmmDescription.Emission.CATEGORICAL) {
            for (int k = 0; k < h.symbols(); k++) {
                int symbol = k;
                String label = "P(" + (k < h.symbolNames().size() ? h.symbolNames().get(k) : Integer.toString(k)) + ")";
                p.real("emission." + k, label, "Emission", () -> h.parameters().containsKey("B") ? h.parameters().get("B")[i][symbol] : 1.0 / h.symbols(),
                        v -> HmmEdits.setEmission(h, i, symbol, v), 0, 1);
            }
        }
        return p;
    }
}
