package org.rnnstudio.ui.settings;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;

/**
 * Under a data field: Browse for a file of the workspace (a CSV, or a text for a character model), and a
 * generator chooser that writes the generator's spec with every setting it takes, at its default, to edit in place.
 */
public final class DataChooser {

    /** Each generator with all its settings at the defaults docs/model-format.md gives. */
    public static final Map<String, String> GENERATORS = new LinkedHashMap<>();
    static {
        GENERATORS.put("Binary adder", "binary-adder:bits=6,count=1000,seed=1");
        GENERATORS.put("Adding problem", "adding:length=50,count=1000,seed=1");
        GENERATORS.put("Temporal order", "temporal-order:length=50,count=1000,seed=1");
        GENERATORS.put("Copy (memory)", "copy:length=10,symbols=8,count=1000,seed=1");
        GENERATORS.put("Sine wave", "sine:length=50,count=1000,seed=1");
        GENERATORS.put("Mackey-Glass series", "mackey-glass:length=50,count=1000,tau=17,seed=1");
        GENERATORS.put("Text (characters)", "text:file=text.txt,length=50");
    }

    private DataChooser() {
    }

    /** Adds the row of choosers to a two-column form, under the data field. */
    public static void addTo(Composite form, Text data, IFile model) {
        new Label(form, SWT.NONE);
        Composite row = new Composite(form, SWT.NONE);
        GridLayout layout = new GridLayout(3, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(row, SWT.PUSH);
        browse.setText("&Browse...");
        browse.setToolTipText("Choose a CSV file, or a text to model character by character, from the workspace");
        browse.setData("name", "browse");
        browse.addListener(SWT.Selection, e -> {
            String chosen = browse(form, model);
            if (chosen != null) {
                data.setText(chosen);
            }
        });
        new Label(row, SWT.NONE).setText("or a generator:");
        Combo generators = new Combo(row, SWT.READ_ONLY);
        generators.setItems(GENERATORS.keySet().toArray(new String[0]));
        generators.setToolTipText("Fills in the generator's spec with all its settings, to edit in the data field");
        generators.setData("name", "generators");
        generators.addListener(SWT.Selection, e -> data.setText(GENERATORS.get(generators.getText())));
    }

    private static String browse(Composite form, IFile model) {
        FilteredResourcesSelectionDialog dialog = new FilteredResourcesSelectionDialog(form.getShell(), false,
                model != null ? model.getProject() : ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
        dialog.setTitle("Training Data");
        dialog.setInitialPattern("*.csv");
        if (dialog.open() != Window.OK || dialog.getFirstResult() == null) {
            return null;
        }
        return specFor((IFile) dialog.getFirstResult(), model);
    }

    /** A CSV by its path; any other file as a text to model. Relative to the model, as the settings are read. */
    public static String specFor(IFile file, IFile model) {
        String path = model != null && model.getParent().getLocation() != null
                ? file.getLocation().makeRelativeTo(model.getParent().getLocation()).toString()
                : file.getLocation().toString();
        return "csv".equalsIgnoreCase(file.getFileExtension()) ? path : "text:file=" + path + ",length=50";
    }
}
