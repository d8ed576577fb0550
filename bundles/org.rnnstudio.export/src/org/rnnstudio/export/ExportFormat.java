package org.rnnstudio.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.rnnstudio.model.AtomicFiles;

/** The files RNN Studio exports to, as the command line names them, with their file extensions. */
public enum ExportFormat {
    ONNX("onnx", "ONNX model", true),
    MODEL("rnnpack", "portable model (description, weights, training settings, vocabulary)", true),
    NPZ("npz", "NumPy weights", true),
    TORCH("torch", "PyTorch package (a torch.nn.Module, its weights, train.py for torchrun)", true),
    PNG("png", "PNG image", false),
    SVG("svg", "SVG image", false);

    private final String extension;
    private final String label;
    private final boolean carriesWeights;

    ExportFormat(String extension, String label, boolean carriesWeights) {
        this.extension = extension;
        this.label = label;
        this.carriesWeights = carriesWeights;
    }

    /** The name on the command line: onnx, model, npz, torch, png, svg. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    public String label() {
        return label;
    }

    /** Whether the file holds the weights (so untrained weights are worth a warning); images do not. */
    public boolean carriesWeights() {
        return carriesWeights;
    }

    public static ExportFormat fromCliName(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The file's bytes; images show {@code view}, the unrolled one over {@code steps} steps. */
    public byte[] export(TrainedModel trained, DiagramImage.View view, int steps) throws ExportException {
        switch (this) {
        case ONNX:
            return OnnxExport.write(trained);
        case MODEL:
            return PortableModel.write(trained);
        case NPZ:
            return NumpyWeights.write(trained);
        case TORCH:
            throw new ExportException("the PyTorch export is a folder of files, not one file: write it with exportTo");
        case PNG:
            return DiagramImage.write(trained, view, steps, false);
        case SVG:
            return DiagramImage.write(trained, view, steps, true);
        default:
            throw new IllegalStateException(name());
        }
    }

    /**
     * Writes the export into {@code out} atomically (the file is the old one or the whole new one; the PyTorch
     * package is a folder, each of its files written so); returns what the person should be warned about
     * (untrained weights).
     */
    public List<String> exportTo(TrainedModel trained, DiagramImage.View view, int steps, Path out) throws ExportException {
        if (this == TORCH) {
            TorchExport.writeTo(trained, out);
            return trained.warnings();
        }
        byte[] bytes = export(trained, view, steps);
        try {
            AtomicFiles.write(out, bytes);
        } catch (IOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getMessage());
        }
        return carriesWeights ? trained.warnings() : List.of();
    }
}
