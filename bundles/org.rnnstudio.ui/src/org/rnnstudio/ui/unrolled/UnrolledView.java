package org.rnnstudio.ui.unrolled;

import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.draw2d.MarginBorder;
import org.eclipse.draw2d.text.FlowPage;
import org.eclipse.draw2d.text.TextFlow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.training.ChartMenus;

/**
 * The active diagram unrolled over T steps (T adjustable, default 4), drawn from the engine's compiled
 * plan, so the picture is what the engine computes. It follows the active RNN editor, and the model that
 * editor shows after a reload, and unrolls again when the network changes (not when something only moves).
 * Its context menu copies or saves the picture that File > Export draws of the same unrolling.
 */
public class UnrolledView extends ViewPart implements ModelDocument.Listener {

    public static final String ID = "org.rnnstudio.ui.unrolled";
    public static final int DEFAULT_STEPS = 4;

    private Spinner steps;
    private FigureCanvas canvas;
    private ModelDocument document;
    private RnnEditor editor;
    private UnrolledDiagram diagram;
    private Plan plan;
    private Menu pictureMenu;
    private String message;
    private int unrollings;

    private final org.eclipse.ui.IPropertyListener reloaded = (source, property) -> {
        if (property == RnnEditor.PROP_DOCUMENT && source == editor) {
            show(editor.document());
        }
    };

    private final IPartListener2 follower = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            IWorkbenchPart part = ref.getPart(false);
            if (part instanceof RnnEditor activated) {
                follow(activated);
            }
        }

        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            IWorkbenchPart part = ref.getPart(false);
            if (part == editor) {
                follow(null);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.unrolled");
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayout(new GridLayout(2, false));
        org.eclipse.swt.widgets.Label label = new org.eclipse.swt.widgets.Label(top, SWT.NONE);
        label.setText("Time steps T:");
        steps = new Spinner(top, SWT.BORDER);
        steps.setValues(DEFAULT_STEPS, 1, 200, 0, 1, 5);
        steps.addListener(SWT.Selection, e -> redraw());
        canvas = new FigureCanvas(top, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        pictureMenu = ChartMenus.attach(canvas, () -> new ImageData(new ByteArrayInputStream(exported(false))),
                () -> new String(exported(true), StandardCharsets.UTF_8));
        getSite().getPage().addPartListener(follower);
        if (getSite().getPage().getActiveEditor() instanceof RnnEditor active) {
            follow(active);
        } else {
            redraw();
        }
    }

    private void follow(RnnEditor newEditor) {
        if (editor != null) {
            editor.removePropertyListener(reloaded);
        }
        editor = newEditor;
        if (editor != null) {
            editor.addPropertyListener(reloaded);
        }
        show(editor == null ? null : editor.document());
    }

    /** Follows another model (null: none). */
    public void show(ModelDocument newDocument) {
        if (document != null) {
            document.removeListener(this);
        }
        document = newDocument;
        if (document != null) {
            document.addListener(this);
        }
        redraw();
    }

    @Override
    public void modelChanged(ModelDocument changed, ModelDocument.Change change) {
        if (change == ModelDocument.Change.STRUCTURE) {
            redraw();
        }
    }

    public void setSteps(int t) {
        steps.setSelection(t);
        redraw();
    }

    private void redraw() {
        if (canvas == null || canvas.isDisposed()) {
            return;
        }
        diagram = null;
        plan = null;
        if (document == null) {
            message = "Open an RNN Studio model (.rnn) to see it unrolled through time.";
        } else {
            try {
                unrollings++;
                plan = Plan.compile(document.model());
                diagram = new UnrolledDiagram(plan, plan.unroll(steps.getSelection()));
                message = null;
            } catch (InvalidModelException e) {
                message = "The model cannot be unrolled until its errors are fixed (see the Problems view):\n"
                        + e.diagnostics().stream().filter(d -> d.isError()).findFirst().map(Object::toString).orElse("");
            }
        }
        // a message is no picture to save
        canvas.setMenu(diagram == null ? null : pictureMenu);
        // a message wraps to the view's width; a diagram scrolls
        canvas.getViewport().setContentsTracksWidth(diagram == null);
        if (diagram != null) {
            canvas.setContents(diagram);
        } else {
            FlowPage page = new FlowPage();
            page.setBorder(new MarginBorder(10));
            TextFlow text = new TextFlow(message);
            page.add(text);
            canvas.setContents(page);
        }
    }

    /** The unrolling shown now, PNG or SVG, drawn as File > Export draws it (no weights are drawn). */
    private byte[] exported(boolean svg) {
        return DiagramImage.write(TrainedModel.of(document.model(), "unrolled", new Network(plan), null, true), DiagramImage.View.UNROLLED,
                steps.getSelection(), svg);
    }

    /** What is drawn now, or null when a message is shown instead. */
    public UnrolledDiagram diagram() {
        return diagram;
    }

    /** How many times the view has compiled and unrolled a model. */
    public int unrollings() {
        return unrollings;
    }

    public String message() {
        return message;
    }

    public FigureCanvas canvas() {
        return canvas;
    }

    @Override
    public void setFocus() {
        steps.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(follower);
        if (editor != null) {
            editor.removePropertyListener(reloaded);
        }
        if (document != null) {
            document.removeListener(this);
        }
        // a popup menu belongs to the shell, which outlives the view
        if (pictureMenu != null) {
            pictureMenu.dispose();
        }
        super.dispose();
    }
}
