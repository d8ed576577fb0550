package org.rnnstudio.ui.editor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.gef.ContextMenuProvider;
import org.eclipse.gef.DefaultEditDomain;
import org.eclipse.gef.EditPart;
import org.eclipse.gef.GraphicalViewer;
import org.eclipse.gef.KeyHandler;
import org.eclipse.gef.KeyStroke;
import org.eclipse.gef.dnd.TemplateTransferDragSourceListener;
import org.eclipse.gef.dnd.TemplateTransferDropTargetListener;
import org.eclipse.gef.editparts.ScalableFreeformRootEditPart;
import org.eclipse.gef.editparts.ZoomManager;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.ui.actions.ActionRegistry;
import org.eclipse.gef.ui.actions.DirectEditAction;
import org.eclipse.gef.ui.actions.GEFActionConstants;
import org.eclipse.gef.ui.actions.ZoomInAction;
import org.eclipse.gef.ui.actions.ZoomOutAction;
import org.eclipse.draw2d.PositionConstants;
import org.eclipse.gef.ui.palette.FlyoutPaletteComposite;
import org.eclipse.gef.ui.palette.PaletteViewer;
import org.eclipse.gef.ui.palette.PaletteViewerProvider;
import org.eclipse.gef.ui.parts.GraphicalEditorWithFlyoutPalette;
import org.eclipse.gef.ui.parts.GraphicalViewerKeyHandler;
import org.eclipse.gef.ui.properties.UndoablePropertySheetEntry;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.commands.ActionHandler;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.dialogs.SaveAsDialog;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.FileEditorInput;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.eclipse.ui.views.properties.IPropertySheetPage;
import org.eclipse.ui.views.properties.PropertySheetPage;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.actions.AutoLayoutAction;
import org.rnnstudio.ui.editor.actions.CopyAction;
import org.rnnstudio.ui.editor.actions.PasteAction;
import org.rnnstudio.ui.editor.parts.PartFactory;

/**
 * The graphical editor of {@code .rnn} files. The diagram is the model description itself: positions live
 * in the file. A file that cannot be read opens into {@link ErrorPage}, never into a blank diagram that a
 * save would write over the person's text.
 */
public class RnnEditor extends GraphicalEditorWithFlyoutPalette implements ModelDocument.Listener, IGotoMarker, IResourceChangeListener {

    public static final String ID = "org.rnnstudio.ui.editor";
    /** Fired when a reload from disk gives the editor another {@link #document()}. */
    public static final int PROP_DOCUMENT = 0x401;

    private ModelDocument document;
    private List<Diagnostic> readProblems;
    /** The text last read from or written to the file: a change event carrying the same text is our own. */
    private String fileText;
    private ErrorPage errorPage;

    public RnnEditor() {
        setEditDomain(new DefaultEditDomain(this));
    }

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof IFileEditorInput)) {
            throw new PartInitException("RNN Studio opens .rnn files of the workspace");
        }
        load(((IFileEditorInput) input).getFile());
        super.init(site, input);
        setPartName(input.getName());
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this, IResourceChangeEvent.POST_CHANGE);
    }

    /** Reads the file; keeps the problems instead of a model when it cannot be read whole. */
    private void load(IFile file) {
        try (InputStream in = file.getContents(true)) {
            fileText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | CoreException e) {
            fileText = null;
            readProblems = List.of(Diagnostic.error(null, "cannot read " + file.getFullPath() + ": " + e.getMessage()));
            document = null;
            return;
        }
        ModelFile.ReadResult read = ModelFile.read(fileText);
        if (read.model() == null || read.hasErrors()) {
            readProblems = read.diagnostics();
            document = null;
        } else {
            readProblems = null;
            document = new ModelDocument(read.model());
            document.addListener(this);
        }
    }

    public IFile file() {
        return ((IFileEditorInput) getEditorInput()).getFile();
    }

    /** The model this editor shows, or null when the file could not be read. */
    public ModelDocument document() {
        return document;
    }

    @Override
    public GraphicalViewer getGraphicalViewer() {
        return super.getGraphicalViewer();
    }

    @Override
    public org.eclipse.gef.commands.CommandStack getCommandStack() {
        return super.getCommandStack();
    }

    @Override
    public ActionRegistry getActionRegistry() {
        return super.getActionRegistry();
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.editor");
        if (document == null) {
            errorPage = new ErrorPage(parent, this, readProblems);
            MarkerUpdater.schedule(file(), readProblems);
            return;
        }
        super.createPartControl(parent);
        MarkerUpdater.schedule(file(), document.diagnostics());
    }

    /** Where the file's problems are shown when it could not be read; null when the diagram is shown. */
    public ErrorPage errorPage() {
        return errorPage;
    }

    @Override
    protected PaletteRoot getPaletteRoot() {
        return RnnPalette.create();
    }

    /** The palette starts pinned open on the right; what a person changes holds for the session. */
    private static final FlyoutPaletteComposite.FlyoutPreferences PALETTE = new FlyoutPaletteComposite.FlyoutPreferences() {
        private int location = PositionConstants.EAST;
        private int state = FlyoutPaletteComposite.STATE_PINNED_OPEN;
        private int width = 150;

        @Override
        public int getDockLocation() {
            return location;
        }

        @Override
        public int getPaletteState() {
            return state;
        }

        @Override
        public int getPaletteWidth() {
            return width;
        }

        @Override
        public void setDockLocation(int newLocation) {
            location = newLocation;
        }

        @Override
        public void setPaletteState(int newState) {
            state = newState;
        }

        @Override
        public void setPaletteWidth(int newWidth) {
            width = newWidth;
        }
    };

    @Override
    protected FlyoutPaletteComposite.FlyoutPreferences getPalettePreferences() {
        return PALETTE;
    }

    @Override
    protected PaletteViewerProvider createPaletteViewerProvider() {
        return new PaletteViewerProvider(getEditDomain()) {
            @Override
            protected void configurePaletteViewer(PaletteViewer viewer) {
                super.configurePaletteViewer(viewer);
                viewer.addDragSourceListener(new TemplateTransferDragSourceListener(viewer));
            }
        };
    }

    @Override
    protected void configureGraphicalViewer() {
        super.configureGraphicalViewer();
        GraphicalViewer viewer = getGraphicalViewer();
        ScalableFreeformRootEditPart root = new ScalableFreeformRootEditPart();
        viewer.setRootEditPart(root);
        viewer.setEditPartFactory(new PartFactory(document));
        ZoomManager zoom = root.getZoomManager();
        zoom.setZoomLevels(new double[] {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0});
        zoom.setZoomLevelContributions(List.of(ZoomManager.FIT_ALL, ZoomManager.FIT_WIDTH, ZoomManager.FIT_HEIGHT));
        IAction zoomIn = new ZoomInAction(zoom);
        IAction zoomOut = new ZoomOutAction(zoom);
        getActionRegistry().registerAction(zoomIn);
        getActionRegistry().registerAction(zoomOut);
        // GEF declares the zoom commands and their keys (Ctrl+= and Ctrl+-); the handlers are ours
        IHandlerService handlers = getSite().getService(IHandlerService.class);
        handlers.activateHandler(zoomIn.getActionDefinitionId(), new ActionHandler(zoomIn));
        handlers.activateHandler(zoomOut.getActionDefinitionId(), new ActionHandler(zoomOut));

        KeyHandler keys = new GraphicalViewerKeyHandler(viewer);
        keys.put(KeyStroke.getPressed(SWT.F2, 0), getActionRegistry().getAction(GEFActionConstants.DIRECT_EDIT));
        keys.put(KeyStroke.getPressed(SWT.DEL, 127, 0), getActionRegistry().getAction(ActionFactory.DELETE.getId()));
        viewer.setKeyHandler(keys);

        ContextMenuProvider menu = new ContextMenuProvider(viewer) {
            @Override
            public void buildContextMenu(IMenuManager m) {
                ActionRegistry actions = getActionRegistry();
                m.add(actions.getAction(ActionFactory.UNDO.getId()));
                m.add(actions.getAction(ActionFactory.REDO.getId()));
                m.add(new Separator());
                m.add(actions.getAction(ActionFactory.COPY.getId()));
                m.add(actions.getAction(ActionFactory.PASTE.getId()));
                m.add(actions.getAction(ActionFactory.DELETE.getId()));
                m.add(actions.getAction(GEFActionConstants.DIRECT_EDIT));
                m.add(new Separator());
                m.add(actions.getAction(ActionFactory.SELECT_ALL.getId()));
                m.add(actions.getAction(AutoLayoutAction.ID));
            }
        };
        viewer.setContextMenu(menu);
        getSite().registerContextMenu(ID + ".context", menu, viewer);
    }

    @Override
    protected void initializeGraphicalViewer() {
        GraphicalViewer viewer = getGraphicalViewer();
        viewer.setContents(document.model());
        viewer.addDropTargetListener(new TemplateTransferDropTargetListener(viewer));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void createActions() {
        super.createActions();
        ActionRegistry registry = getActionRegistry();
        IAction directEdit = new DirectEditAction((org.eclipse.ui.IWorkbenchPart) this);
        registry.registerAction(directEdit);
        getSelectionActions().add(directEdit.getId());
        IAction copy = new CopyAction(this);
        IAction paste = new PasteAction(this);
        IAction layout = new AutoLayoutAction(this);
        registry.registerAction(copy);
        registry.registerAction(paste);
        registry.registerAction(layout);
        getSelectionActions().add(copy.getId());
        getSelectionActions().add(paste.getId());
        getSelectionActions().add(layout.getId());
    }

    @Override
    public void modelChanged(ModelDocument changed, ModelDocument.Change change) {
        // where things are drawn enables no action: a move would only ask the system's clipboard again (Paste)
        if (change != ModelDocument.Change.LAYOUT) {
            MarkerUpdater.schedule(file(), changed.diagnostics());
            updateActions(getSelectionActions());
        }
    }

    @Override
    public void commandStackChanged(java.util.EventObject event) {
        firePropertyChange(PROP_DIRTY);
        super.commandStackChanged(event);
    }

    @Override
    public boolean isDirty() {
        return document != null && getCommandStack().isDirty();
    }

    // --- saving ------------------------------------------------------------------------------------------

    @Override
    public void doSave(IProgressMonitor monitor) {
        if (document == null) {
            return;
        }
        try {
            write(file(), monitor);
            getCommandStack().markSaveLocation();
        } catch (CoreException | IOException e) {
            MessageDialog.openError(getSite().getShell(), "Save failed",
                    "Could not save " + file().getFullPath() + ": " + e.getMessage() + "\nThe diagram is unchanged and still open.");
        }
    }

    /**
     * Writes the whole text to a temporary file beside the target and moves it over the target in one
     * step, then tells the workspace: the file on disk is either the old one or the new one, never half.
     * Files that are not on the local disk go through the workspace's own setContents.
     */
    private void write(IFile target, IProgressMonitor monitor) throws CoreException, IOException {
        String text = ModelFile.write(document.model());
        fileText = text;
        IPath location = target.getLocation();
        if (location != null) {
            AtomicFiles.writeString(location.toFile().toPath(), text);
            target.refreshLocal(IResource.DEPTH_ZERO, monitor);
        } else if (target.exists()) {
            target.setContents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.KEEP_HISTORY, monitor);
        } else {
            target.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, monitor);
        }
    }

    @Override
    public boolean isSaveAsAllowed() {
        return document != null;
    }

    @Override
    public void doSaveAs() {
        SaveAsDialog dialog = new SaveAsDialog(getSite().getShell());
        dialog.setOriginalFile(file());
        if (dialog.open() != SaveAsDialog.OK || dialog.getResult() == null) {
            return;
        }
        IPath path = dialog.getResult();
        if (path.getFileExtension() == null) {
            path = path.addFileExtension("rnn");
        }
        saveAs(ResourcesPlugin.getWorkspace().getRoot().getFile(path));
    }

    /** Writes the model to another file and goes on editing that one. */
    public void saveAs(IFile target) {
        try {
            write(target, null);
            setInput(new FileEditorInput(target));
            setPartName(target.getName());
            getCommandStack().markSaveLocation();
            MarkerUpdater.schedule(target, document.diagnostics());
        } catch (CoreException | IOException e) {
            MessageDialog.openError(getSite().getShell(), "Save As failed",
                    "Could not save " + target.getFullPath() + ": " + e.getMessage() + "\nThe diagram is unchanged and still open.");
        }
    }

    // --- the file changing on disk -----------------------------------------------------------------------

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        IResourceDelta delta = event.getDelta() == null ? null : event.getDelta().findMember(file().getFullPath());
        if (delta == null) {
            return;
        }
        if (delta.getKind() == IResourceDelta.REMOVED && (delta.getFlags() & IResourceDelta.MOVED_TO) != 0) {
            IFile moved = ResourcesPlugin.getWorkspace().getRoot().getFile(delta.getMovedToPath());
            Display.getDefault().asyncExec(() -> {
                setInput(new FileEditorInput(moved));
                setPartName(moved.getName());
            });
            return;
        }
        if (delta.getKind() == IResourceDelta.CHANGED && (delta.getFlags() & IResourceDelta.CONTENT) != 0) {
            Display.getDefault().asyncExec(this::fileChangedOnDisk);
        }
    }

    /** Reloads a file changed by someone else: at once when nothing is unsaved, after asking otherwise. */
    private void fileChangedOnDisk() {
        if (getGraphicalViewer() == null && errorPage == null) {
            return;
        }
        String text;
        try (InputStream in = file().getContents(true)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | CoreException e) {
            return;
        }
        if (text.equals(fileText)) {
            return;
        }
        if (isDirty() && !MessageDialog.openQuestion(getSite().getShell(), "File changed",
                file().getName() + " was changed on disk. Reload it and lose the unsaved changes in the diagram?")) {
            fileText = text;
            return;
        }
        reload();
    }

    /** Reads the file again; if it cannot be read now, the editor asks to be reopened on its error page. */
    public void reload() {
        load(file());
        if (document == null || getGraphicalViewer() == null) {
            getSite().getPage().closeEditor(this, false);
            Display.getDefault().asyncExec(() -> {
                try {
                    org.eclipse.ui.ide.IDE.openEditor(getSite().getPage(), file(), ID);
                } catch (PartInitException e) {
                    MessageDialog.openError(getSite().getShell(), "Reload failed", e.getMessage());
                }
            });
            return;
        }
        getGraphicalViewer().setEditPartFactory(new PartFactory(document));
        getGraphicalViewer().setContents(document.model());
        getCommandStack().flush();
        MarkerUpdater.schedule(file(), document.diagnostics());
        firePropertyChange(PROP_DOCUMENT);
    }

    // --- markers, outline, properties ----------------------------------------------------------------------

    @Override
    public void gotoMarker(IMarker marker) {
        String id = marker.getAttribute(MarkerUpdater.ELEMENT_ID, null);
        if (id != null) {
            select(id);
        }
    }

    /**
     * Selects and shows the group, cell or connection with this id; a part of a cell ("memory.keep") selects
     * its cell. Returns whether it was found.
     */
    public boolean select(String id) {
        if (document == null) {
            return false;
        }
        org.rnnstudio.model.Model model = document.model();
        String shown = org.rnnstudio.model.CellExpansion.originalId(model, id);
        Object element = model.group(shown);
        if (element == null) {
            element = model.cell(shown);
        }
        if (element == null) {
            element = model.connection(shown);
        }
        EditPart part = element == null ? null : (EditPart) getGraphicalViewer().getEditPartRegistry().get(element);
        if (part == null) {
            return false;
        }
        getGraphicalViewer().setSelection(new StructuredSelection(part));
        getGraphicalViewer().reveal(part);
        return true;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class type) {
        if (document == null) {
            // on the error page there is no diagram: no outline, properties, zoom or palette to offer
            if (type == IGotoMarker.class) {
                return this;
            }
            if (type == IPropertySheetPage.class || type == IContentOutlinePage.class || type == ZoomManager.class
                    || type == org.eclipse.gef.ui.views.palette.PalettePage.class) {
                return null;
            }
            return super.getAdapter(type);
        }
        if (type == IPropertySheetPage.class) {
            // the Properties view edits through this editor's command stack, so it undoes with this editor's actions
            PropertySheetPage page = new PropertySheetPage() {
                @Override
                public void setActionBars(IActionBars bars) {
                    super.setActionBars(bars);
                    for (String id : List.of(ActionFactory.UNDO.getId(), ActionFactory.REDO.getId())) {
                        bars.setGlobalActionHandler(id, getActionRegistry().getAction(id));
                    }
                }
            };
            page.setRootEntry(new UndoablePropertySheetEntry(getCommandStack()));
            return page;
        }
        if (type == IContentOutlinePage.class) {
            return new DiagramOutline(getGraphicalViewer());
        }
        if (type == ZoomManager.class) {
            return ((ScalableFreeformRootEditPart) getGraphicalViewer().getRootEditPart()).getZoomManager();
        }
        if (type == IGotoMarker.class) {
            return this;
        }
        return super.getAdapter(type);
    }

    @Override
    public void setFocus() {
        if (errorPage != null) {
            errorPage.setFocus();
        } else {
            super.setFocus();
        }
    }

    @Override
    public void dispose() {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        if (document != null) {
            document.removeListener(this);
        }
        super.dispose();
    }

    /** Used by tests and the unrolled view: the group of a given id, or null. */
    public UnitGroup group(String id) {
        return document == null ? null : document.model().group(id);
    }

    /** Used by tests: the connection of a given id, or null. */
    public Connection connection(String id) {
        return document == null ? null : document.model().connection(id);
    }
}
