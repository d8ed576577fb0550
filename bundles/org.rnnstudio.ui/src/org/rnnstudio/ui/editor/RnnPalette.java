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
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.hidden.HmmState;

/**
 * The palette: unit groups of every kind, and connections of every kind with their delays. What drawing a
 * network needs opens at first (groups, connections); cells and the hidden-state models wait closed, because
 * four open drawers do not fit beside a diagram at 1600x1000 and GEF then hides the last entries of each under
 * scroll arrows. Opening a closed drawer closes as many others as it takes to show it whole.
 */
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
        cells.setInitialState(PaletteDrawer.INITIAL_STATE_CLOSED);
        cells.add(cell("LSTM", "A memory cell with keep, write and read gates (PyTorch's nn.LSTM); double-click to open", Cell.Kind.LSTM));
        cells.add(cell("GRU", "Reset and update gates (PyTorch's nn.GRU); double-click to open", Cell.Kind.GRU));
        cells.add(cell("Elman", "A layer reading itself one step back (PyTorch's nn.RNN)", Cell.Kind.ELMAN));
        cells.add(cell("Reservoir", "An echo-state reservoir: fixed random weights scaled to a spectral radius; only what reads it learns, "
                + "in one ridge-regression fit; double-click to open", Cell.Kind.RESERVOIR));
        root.add(cells);
        root.add(hiddenStateModels());
        return root;
    }

    /** The lecture's models before RNNs: dropped on an empty model they make it one; a state is added to an HMM. */
    private static PaletteDrawer hiddenStateModels() {
        PaletteDrawer drawer = new PaletteDrawer("Hidden-state models");
        drawer.setInitialState(PaletteDrawer.INITIAL_STATE_CLOSED);
        drawer.add(template("Linear dynamical system", "Makes an empty model a linear dynamical system (Kalman filter, EM): 2-D state, 1-D observations",
                "linear", LdsDescription.class, () -> {
                    LdsDescription lds = new LdsDescription();
                    lds.setState(2);
                    return lds;
                }));
        drawer.add(template("Hidden Markov model", "Makes an empty model a hidden Markov model (forward-backward, Viterbi, Baum-Welch): 2 states",
                "softmax", HmmDescription.class, HmmDescription::new));
        drawer.add(template("HMM state", "Adds a state to a hidden Markov model", "cell", HmmState.class, () -> new HmmState(-1)));
        return drawer;
    }

    private static <T> CombinedTemplateCreationEntry template(String label, String description, String icon, Class<T> type,
            java.util.function.Supplier<T> make) {
        CreationFactory factory = new CreationFactory() {
            @Override
            public Object getNewObject() {
                return make.get();
            }

            @Override
            public Object getObjectType() {
                return type;
            }
        };
        return new CombinedTemplateCreationEntry(label, description, factory, factory, icon(icon), icon(icon));
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
                // a reservoir works by its size: a hundred random units echo what eight cannot
                return new Cell(kind.name().toLowerCase(java.util.Locale.ROOT), kind, kind == Cell.Kind.RESERVOIR ? 100 : 8);
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
