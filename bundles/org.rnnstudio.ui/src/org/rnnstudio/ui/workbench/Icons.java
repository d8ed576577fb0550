package org.rnnstudio.ui.workbench;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.graphics.Image;

/** The command icons (icons/etool16, with @2x beside each for high-DPI screens), shared and disposed with the display. */
public final class Icons {

    private Icons() {
    }

    public static ImageDescriptor descriptor(String name) {
        return ResourceLocator.imageDescriptorFromBundle("org.rnnstudio.ui", "icons/etool16/" + name + ".png").orElse(ImageDescriptor.getMissingImageDescriptor());
    }

    public static Image get(String name) {
        ImageRegistry registry = JFaceResources.getImageRegistry();
        String key = "org.rnnstudio.ui.etool16." + name;
        if (registry.getDescriptor(key) == null) {
            registry.put(key, descriptor(name));
        }
        return registry.get(key);
    }
}
