package org.rnnstudio.ui.editor.hidden;

import java.util.Locale;

import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.editparts.AbstractGraphicalEditPart;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.properties.Properties;
import org.rnnstudio.ui.figures.LdsFigure;

/** The linear dynamical system of an lds model, drawn unrolled as in the lecture; its sizes, noise and parameters in Properties. */
public class LdsPart extends AbstractGraphicalEditPart {

    private final ModelDocument document;

    public LdsPart(ModelDocument document, LdsDescription lds) {
        this.document = document;
        setModel(lds);
    }

    private LdsDescription lds() {
        return document.model().lds();
    }

    @Override
    protected IFigure createFigure() {
        return new LdsFigure();
    }

    @Override
    protected void createEditPolicies() {
        // one drawing of the whole system: nothing to select apart, move or delete
    }

    @Override
    protected void refreshVisuals() {
        LdsDescription d = lds();
        if (d == null) {
            return;
        }
        ((LdsFigure) getFigure()).setSystem(d.state(), d.observation(), d.input(), noise(d, d.stateNoise(), "Q"), noise(d, d.observationNoise(), "R"),
                parameters(d));
        ((GraphicalEditPart) getParent()).setLayoutConstraint(this, getFigure(), new Rectangle(20, 20, -1, -1));
    }

    private static String noise(LdsDescription d, LdsDescription.Noise noise, String name) {
        return ModelFile.fileName(noise) + (d.isFixed(name) ? ", fixed" : "");
    }

    /** The starting values the file gives, for the tooltip and Properties. */
    static String parameters(LdsDescription d) {
        StringBuilder s = new StringBuilder();
        for (String name : d.parameterNames()) {
            double[][] m = d.parameters().get(name);
            s.append(s.length() > 0 ? "\n" : "").append(name).append(d.isFixed(name) ? " (fixed)" : "").append(": ").append(matrix(m));
        }
        return s.toString();
    }

    static String matrix(double[][] m) {
        if (m == null) {
            return "set by the engine";
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < m.length; i++) {
            s.append(i > 0 ? "; " : "");
            for (int j = 0; j < m[i].length; j++) {
                s.append(j > 0 ? " " : "").append(String.format(Locale.ROOT, "%.4g", m[i][j]));
            }
        }
        return s.append(']').toString();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            LdsDescription d = lds();
            Properties p = new Properties(document)
                    .number("lds.state", "Hidden state (n)", "Sizes", d::state, d::setState, 1, 1000)
                    .number("lds.observation", "Observations (m)", "Sizes", d::observation, d::setObservation, 1, 1000)
                    .number("lds.input", "Driving inputs (k)", "Sizes", d::input, d::setInput, 0, 1000)
                    .choice("lds.stateNoise", "State noise Q", "Noise", LdsDescription.Noise.class, d::stateNoise, d::setStateNoise)
                    .choice("lds.observationNoise", "Observation noise R", "Noise", LdsDescription.Noise.class, d::observationNoise, d::setObservationNoise);
            for (String name : d.parameterNames()) {
                p.readOnly("lds.parameter." + name, name + (d.isFixed(name) ? " (fixed)" : ""), "Parameters", () -> matrix(d.parameters().get(name)));
            }
            return p;
        }
        return super.getAdapter(key);
    }
}
