package org.rnnstudio.studio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * On the first start of a workspace, copies the examples project named by {@code -Drnnstudio.examples=DIR}
 * (the launcher passes the repository's {@code examples/}) into the workspace and opens it. A copy, so that
 * what a person does to the examples stays in their workspace. Done once per workspace: a person who
 * deletes the project does not get it back on the next start. Then it opens the example named by
 * {@code -Drnnstudio.open=PATH} (a path inside the project; the launcher names the binary adder), so the
 * first thing a person sees is a network, not an empty editor area.
 */
public class ExamplesImport implements IStartup {

    public static final String PROPERTY = "rnnstudio.examples";
    public static final String OPEN_PROPERTY = "rnnstudio.open";
    static final String PROJECT = "examples";
    private static final String DONE_KEY = "examplesImported";
    private static final String BUNDLE = "org.rnnstudio.studio";

    @Override
    public void earlyStartup() {
        String source = System.getProperty(PROPERTY);
        if (source == null || source.isBlank()) {
            return;
        }
        Preferences prefs = InstanceScope.INSTANCE.getNode(BUNDLE);
        if (prefs.getBoolean(DONE_KEY, false)) {
            return;
        }
        Job job = Job.create("Importing the RNN Studio examples", monitor -> {
            try {
                importInto(ResourcesPlugin.getWorkspace(), Paths.get(source));
                prefs.putBoolean(DONE_KEY, true);
                prefs.flush();
                openFirstExample();
            } catch (CoreException | UncheckedIOException | BackingStoreException e) {
                ILog.of(Platform.getBundle(BUNDLE))
                        .log(Status.error("Could not import the examples from " + source + ": " + e.getMessage(), e));
            }
            return Status.OK_STATUS;
        });
        job.setRule(ResourcesPlugin.getWorkspace().getRoot());
        job.schedule();
    }

    private static void openFirstExample() {
        String path = System.getProperty(OPEN_PROPERTY);
        if (path == null || path.isBlank() || !PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT).getFile(path);
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window == null || window.getActivePage() == null || !file.exists()) {
                return;
            }
            try {
                IDE.openEditor(window.getActivePage(), file);
            } catch (PartInitException e) {
                ILog.of(Platform.getBundle(BUNDLE)).log(Status.error("Could not open " + file.getFullPath() + ": " + e.getMessage(), e));
            }
        });
    }

    /** Copies DIR into the workspace as the project "examples" and opens it; does nothing if it exists. */
    static void importInto(IWorkspace workspace, Path source) throws CoreException {
        IProject project = workspace.getRoot().getProject(PROJECT);
        if (project.exists()) {
            return;
        }
        if (!Files.isRegularFile(source.resolve(".project"))) {
            throw new CoreException(Status.error(source + " holds no Eclipse project (.project is missing)"));
        }
        IWorkspaceRunnable create = monitor -> {
            copyTree(source, workspace.getRoot().getLocation().toPath().resolve(PROJECT));
            project.create(monitor);
            project.open(monitor);
            project.refreshLocal(IResource.DEPTH_INFINITE, monitor);
        };
        workspace.run(create, workspace.getRoot(), IWorkspace.AVOID_UPDATE, null);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                Path target = to.resolve(from.relativize(file).toString());
                try {
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
