package org.rnnstudio.ui.tests.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.draw2d.FlowLayout;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Activation;
import org.rnnstudio.ui.figures.UnitGroupFigure;
import org.rnnstudio.ui.tests.Ui;

/** Plain SWT (no workbench): unit groups drawn in a Draw2d canvas, checked on the screen's pixels. */
class UnitGroupFigureTest {

    private Shell shell;

    @BeforeEach
    void open() {
        shell = new Shell(Display.getDefault());
        shell.setText("Unit groups");
        shell.setLayout(new FillLayout());
        shell.setSize(520, 200);
    }

    @AfterEach
    void close() {
        shell.dispose();
    }

    @Test
    void smallGroupsShowEveryUnitAndLargeOnesCollapse() {
        FigureCanvas canvas = new FigureCanvas(shell);
        Figure contents = new Figure();
        contents.setLayoutManager(new FlowLayout());
        UnitGroupFigure hidden = new UnitGroupFigure("hidden", 3, Activation.LOGISTIC);
        UnitGroupFigure wide = new UnitGroupFigure("reservoir", 500, Activation.TANH);
        UnitGroupFigure output = new UnitGroupFigure("output", 4, Activation.SOFTMAX);
        contents.add(hidden);
        contents.add(wide);
        contents.add(output);
        canvas.setContents(contents);
        canvas.setBackground(Display.getDefault().getSystemColor(SWT.COLOR_WHITE));
        shell.open();
        Ui.spin(shell.getDisplay(), 300);

        assertEquals(3, hidden.unitsDrawn());
        assertEquals("", hidden.overflowLabel());
        assertEquals(UnitGroupFigure.MAX_DRAWN - 1, wide.unitsDrawn());
        assertEquals("\u2026 500", wide.overflowLabel());

        Ui.screenshot(shell, "unit-groups.png");
        ImageData screen = Ui.capture(canvas);
        RGB unitFill = UnitGroupFigure.UNIT_FILL.getRGB();
        for (UnitGroupFigure group : new UnitGroupFigure[] {hidden, wide}) {
            for (int i = 0; i < group.unitsDrawn(); i++) {
                Point centre = group.unitBounds(i).getTranslated(group.getBounds().getLocation()).getCenter();
                assertEquals(unitFill, Ui.rgb(screen, centre.x, centre.y), "unit " + i + " of " + group + " is drawn");
            }
        }
        // right of the small group's last unit there is no fourth one
        Point after = hidden.unitBounds(3).getTranslated(hidden.getBounds().getLocation()).getCenter();
        assertNotEquals(unitFill, Ui.rgb(screen, after.x, after.y));
    }
}
