package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.editor.MarkerUpdater;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;

/** Quick Fix on the Problems view for an undelayed cycle and for a one-to-one connection between unequal sizes. */
class StudioQuickFixTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "quickfix-test";
    }

    private static final String HEAD = "{\"format\": \"rnnstudio-model/1\", \"name\": \"fix me\", \"groups\": ["
            + "{\"id\": \"in\", \"role\": \"input\", \"size\": 3},"
            + "{\"id\": \"a\", \"size\": 3}, {\"id\": \"b\", \"size\": 5},"
            + "{\"id\": \"out\", \"role\": \"output\", \"size\": 1, \"target\": {\"loss\": \"squared-error\", \"schedule\": \"every-step\"}}],";

    private IMarker marker(String startsWith) throws Exception {
        Ui.spin(display, 200);
        Job.getJobManager().join(MarkerUpdater.FAMILY, null);
        return Arrays.stream(project.getFile("fix.rnn").findMarkers(MarkerUpdater.MARKER, false, IResource.DEPTH_ZERO))
                .filter(m -> m.getAttribute(IMarker.MESSAGE, "").contains(startsWith)).findFirst().orElse(null);
    }

    private static IMarkerResolution only(IMarker marker) {
        assertTrue(IDE.getMarkerHelpRegistry().hasResolutions(marker), "Quick Fix is offered for: " + marker.getAttribute(IMarker.MESSAGE, ""));
        IMarkerResolution[] fixes = IDE.getMarkerHelpRegistry().getResolutions(marker);
        assertEquals(1, fixes.length);
        return fixes[0];
    }

    @Test
    void anUndelayedCycleIsFixedByDelayingItsConnectionAndUndoTakesItBack() throws Exception {
        RnnEditor editor = open("fix.rnn", HEAD + "\"connections\": ["
                + "{\"id\": \"in-a\", \"from\": \"in\", \"to\": \"a\"}, {\"id\": \"a-b\", \"from\": \"a\", \"to\": \"b\"},"
                + "{\"id\": \"b-a\", \"from\": \"b\", \"to\": \"a\"}, {\"id\": \"b-out\", \"from\": \"b\", \"to\": \"out\"}]}");
        IMarker cycle = marker("cycle with no delay");
        assertNotNull(cycle, "the cycle is a problem");
        IMarkerResolution fix = only(cycle);
        String connection = cycle.getAttribute(MarkerUpdater.ELEMENT_ID, "");
        assertTrue(fix.getLabel().contains("delayed"), fix.getLabel());
        fix.run(cycle);
        assertEquals(1, editor.document().model().connection(connection).delay(), "the connection now reads the previous step");
        assertEquals(null, marker("cycle with no delay"), "and the problem is gone");
        editor.getCommandStack().undo();
        assertEquals(0, editor.document().model().connection(connection).delay(), "one Undo takes the fix back");
    }

    @Test
    void aSizeMismatchIsFixedByResizingTheGroupTheConnectionGoesInto() throws Exception {
        RnnEditor editor = open("fix.rnn", HEAD + "\"connections\": ["
                + "{\"id\": \"in-a\", \"from\": \"in\", \"to\": \"a\"}, {\"id\": \"a-b\", \"from\": \"a\", \"to\": \"b\", \"kind\": \"one-to-one\"},"
                + "{\"id\": \"b-out\", \"from\": \"b\", \"to\": \"out\"}]}");
        IMarker mismatch = marker("'a' has 3 units, 'b' has 5");
        assertNotNull(mismatch, "the mismatch is a problem");
        only(mismatch).run(mismatch);
        assertEquals(3, editor.document().model().group("b").size(), "b resized to a's 3 units");
        assertEquals(null, marker("'a' has 3 units"), "and the problem is gone");
    }
}
