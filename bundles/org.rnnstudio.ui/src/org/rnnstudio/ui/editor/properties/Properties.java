package org.rnnstudio.ui.editor.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.jface.viewers.ICellEditorValidator;
import org.eclipse.ui.views.properties.ComboBoxPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;
import org.eclipse.ui.views.properties.TextPropertyDescriptor;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.editor.ModelDocument;

/**
 * A property source built from a list of properties, each a getter, a setter and how it is edited. The
 * Properties view sets values through GEF's undoable property sheet entry, so each change is a command on
 * the editor's stack; bad text is refused by the property's validator with a message.
 */
public class Properties implements IPropertySource {

    private final ModelDocument document;
    private final List<Property> properties = new ArrayList<>();

    private record Property(IPropertyDescriptor descriptor, Supplier<Object> getter, Consumer<Object> setter) {
    }

    public Properties(ModelDocument document) {
        this.document = document;
    }

    public Properties text(String id, String label, String category, Supplier<String> getter, Consumer<String> setter,
            Function<String, String> check) {
        TextPropertyDescriptor d = new TextPropertyDescriptor(id, label);
        d.setCategory(category);
        if (check != null) {
            d.setValidator((ICellEditorValidator) value -> check.apply((String) value));
        }
        properties.add(new Property(d, getter::get, v -> setter.accept((String) v)));
        return this;
    }

    public Properties number(String id, String label, String category, Supplier<Integer> getter, Consumer<Integer> setter, int min, int max) {
        return text(id, label, category, () -> Integer.toString(getter.get()), v -> setter.accept(Integer.parseInt(v.trim())), v -> {
            try {
                int n = Integer.parseInt(v.trim());
                return n >= min && n <= max ? null : label + " must be from " + min + " to " + max;
            } catch (NumberFormatException e) {
                return label + " must be a whole number, not '" + v + "'";
            }
        });
    }

    public Properties real(String id, String label, String category, java.util.function.DoubleSupplier getter,
            java.util.function.DoubleConsumer setter, double min, double max) {
        return text(id, label, category, () -> Double.toString(getter.getAsDouble()), v -> setter.accept(Double.parseDouble(v.trim())), v -> {
            try {
                double x = Double.parseDouble(v.trim());
                return x >= min && x <= max ? null : label + " must be from " + min + " to " + max;
            } catch (NumberFormatException e) {
                return label + " must be a number, not '" + v + "'";
            }
        });
    }

    /** A choice among names as files spell them. */
    public Properties names(String id, String label, String category, List<String> names, Supplier<String> getter, Consumer<String> setter) {
        ComboBoxPropertyDescriptor d = new ComboBoxPropertyDescriptor(id, label, names.toArray(new String[0]));
        d.setCategory(category);
        properties.add(new Property(d, () -> Math.max(0, names.indexOf(getter.get())), v -> setter.accept(names.get((Integer) v))));
        return this;
    }

    public <E extends Enum<E>> Properties choice(String id, String label, String category, Class<E> type, Supplier<E> getter, Consumer<E> setter) {
        E[] values = type.getEnumConstants();
        String[] labels = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            labels[i] = ModelFile.fileName(values[i]);
        }
        ComboBoxPropertyDescriptor d = new ComboBoxPropertyDescriptor(id, label, labels);
        d.setCategory(category);
        properties.add(new Property(d, () -> getter.get().ordinal(), v -> setter.accept(values[(Integer) v])));
        return this;
    }

    public Properties bool(String id, String label, String category, Supplier<Boolean> getter, Consumer<Boolean> setter) {
        ComboBoxPropertyDescriptor d = new ComboBoxPropertyDescriptor(id, label, new String[] {"false", "true"});
        d.setCategory(category);
        properties.add(new Property(d, () -> getter.get() ? 1 : 0, v -> setter.accept((Integer) v == 1)));
        return this;
    }

    public Properties readOnly(String id, String label, String category, Supplier<String> getter) {
        PropertyDescriptor d = new PropertyDescriptor(id, label);
        d.setCategory(category);
        properties.add(new Property(d, getter::get, null));
        return this;
    }

    @Override
    public Object getEditableValue() {
        return this;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        return properties.stream().map(Property::descriptor).toArray(IPropertyDescriptor[]::new);
    }

    private Property find(Object id) {
        for (Property p : properties) {
            if (p.descriptor().getId().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no property " + id);
    }

    /** Names, notes and training settings leave the network as it is; every other property is part of it. */
    private static ModelDocument.Change changeOf(String id) {
        return id.equals("name") || id.equals("notes") || id.startsWith("training.") ? ModelDocument.Change.SETTINGS
                : ModelDocument.Change.STRUCTURE;
    }

    @Override
    public Object getPropertyValue(Object id) {
        return find(id).getter().get();
    }

    /** Undo through GEF's SetValueCommand sets the old value back, so every property counts as set. */
    @Override
    public boolean isPropertySet(Object id) {
        return true;
    }

    @Override
    public void resetPropertyValue(Object id) {
        // every value is always set (see isPropertySet); there is no separate default to return to
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        Property p = find(id);
        if (p.setter() != null && !value.equals(p.getter().get())) {
            p.setter().accept(value);
            document.changed(changeOf((String) id));
        }
    }
}
