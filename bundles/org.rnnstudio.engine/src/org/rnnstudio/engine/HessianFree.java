package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

/**
 * Hessian-free optimisation (Martens 2010; Martens and Sutskever 2011). Each step takes the gradient g on a
 * large batch and, on a fraction of it, the Gauss-Newton matrix G through its products G v (a directional
 * pass and a backward pass, {@link Pass#gaussNewton}); it runs preconditioned conjugate gradient on
 * (G + lambda mu G_hidden + lambda I) d = -g from the last step's solution decayed, backtracks among CG's kept
 * iterates to the one with the lowest loss, adapts lambda from the reduction ratio rho (Levenberg-Marquardt),
 * and moves along the chosen d as far as an Armijo line search allows.
 */
public final class HessianFree {

    /** lambda's start, the structural damping's weight mu, CG's iterations at most, and the share of a batch that the curvature is taken on. */
    public record Settings(double lambda, double structuralDamping, int cgIterations, double curvatureFraction) {
        public static final Settings DEFAULT = new Settings(1, 0.3, 250, 0.2);
    }

    /** One step: the batch's mean loss and right answers before it, the loss after, CG's iterations, lambda after the step, rho and the line search's rate. */
    public record Step(double loss, int correct, double lossAfter, int cgIterations, double lambda, double rho, double rate) {
    }

    /** Martens's decay of the last solution as the next start. */
    static final double DECAY = 0.95;
    /** Martens's relative-progress tolerance for stopping CG. */
    static final double PROGRESS = 5e-4;
    /** Martens's exponent of the diagonal preconditioner. */
    static final double EXPONENT = 0.75;
    /** Armijo's sufficient decrease, and the line search's shrinking of the rate. */
    static final double ARMIJO = 1e-2;
    static final double SHRINK = 0.8;
    static final int LINE_SEARCH_TRIES = 60;
    /** Sequences per pass: bounds the memory of a pass over a large batch. */
    static final int CHUNK = 256;

    private final Trainer trainer;
    private final Network network;
    private final Plan plan;
    private final Settings settings;
    /** the trainable parameter sets, in the order of the flat vectors */
    private final List<Plan.ParameterSet> trainable = new ArrayList<>();
    private final int dimension;
    private final List<Pass> curvaturePasses = new ArrayList<>();
    private final List<Batch> curvatureBatches = new ArrayList<>();
    private final List<Integer> curvatureSizes = new ArrayList<>();
    private double lambda;
    private double[] previous;

    public HessianFree(Trainer trainer, Network network, Settings settings) {
        this.trainer = trainer;
        this.network = network;
        this.plan = network.plan();
        this.settings = settings;
        this.lambda = settings.lambda();
        String unmatched = unmatched(plan);
        if (unmatched != null) {
            throw new IllegalArgumentException(unmatched);
        }
        int n = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.trainable()) {
                trainable.add(p);
                n += p.size();
            }
        }
        dimension = n;
        previous = new double[n];
    }

    /**
     * Why the plan has no Gauss-Newton matrix that Hessian-free can use, naming the output group whose
     * nonlinearity does not match its loss; null when every output matches (linear with squared error,
     * logistic with logistic cross-entropy, softmax with cross-entropy).
     */
    public static String unmatched(Plan plan) {
        for (UnitGroup g : plan.groups()) {
            if (!g.isOutput()) {
                continue;
            }
            Activation a = g.activation();
            UnitGroup.Loss loss = g.loss();
            boolean matched = a == Activation.LINEAR && loss == UnitGroup.Loss.SQUARED_ERROR
                    || a == Activation.LOGISTIC && loss == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY
                    || a == Activation.SOFTMAX && loss == UnitGroup.Loss.CROSS_ENTROPY;
            if (!matched) {
                return "Hessian-free needs each output's nonlinearity matched to its loss: output group '" + g.id() + "' is "
                        + ModelFile.fileName(a) + " with " + ModelFile.fileName(loss) + " (use linear with squared-error, logistic with logistic-cross-entropy, "
                        + "or softmax with cross-entropy)";
            }
        }
        return null;
    }

    /** Levenberg-Marquardt: a step that did less than a quarter of what the quadratic promised asks for more damping, one that did more than three quarters for less. */
    public static double adaptDamping(double lambda, double rho) {
        if (!(rho >= 0.25)) {
            return lambda * 1.5;
        }
        if (rho > 0.75) {
            return lambda * 2.0 / 3.0;
        }
        return lambda;
    }

    /** One Hessian-free step on a batch of sequences (the gradient's); the curvature is taken on its first fraction. */
    public Step step(List<Sequence> batch, int epoch, int step) throws Trainer.DivergedException {
        DMatrixRMaj[] gradient = network.zerosLike();
        int[] correct = new int[1];
        double loss = gradient(batch, gradient, correct) / batch.size();
        if (!Double.isFinite(loss)) {
            throw new Trainer.DivergedException("the loss became " + loss + " at epoch " + epoch + ", step " + step
                    + "; the last good weights are kept");
        }
        trainer.checkFinite(gradient, epoch, step);
        double[] g = flatten(gradient);
        List<Sequence> curvature = batch.subList(0, Math.max(1, (int) Math.round(settings.curvatureFraction() * batch.size())));
        prepareCurvature(curvature);
        double[] preconditioner = preconditioner(curvature);
        double[] b = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            b[i] = -g[i];
        }
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            start[i] = DECAY * previous[i];
        }
        double damping = lambda;
        ConjugateGradient.Result cg = ConjugateGradient.solve((v, into) -> {
            gaussNewton(v, damping * settings.structuralDamping(), into);
            for (int i = 0; i < dimension; i++) {
                into[i] += damping * v[i];
            }
        }, b, preconditioner, start, settings.cgIterations(), PROGRESS);
        previous = cg.x();

        double[] theta = flatten(values());
        double[] chosen = cg.kept().get(cg.kept().size() - 1);
        double chosenLoss = lossAt(batch, theta, chosen, 1);
        for (int j = cg.kept().size() - 2; j >= 0; j--) {
            double earlier = lossAt(batch, theta, cg.kept().get(j), 1);
            if (!(earlier < chosenLoss)) {
                break;
            }
            chosen = cg.kept().get(j);
            chosenLoss = earlier;
        }
        double[] gd = new double[dimension];
        gaussNewton(chosen, 0, gd);
        double slope = ConjugateGradient.dot(g, chosen);
        double predicted = slope + 0.5 * ConjugateGradient.dot(chosen, gd);
        double rho = (chosenLoss - loss) / predicted;
        lambda = adaptDamping(lambda, rho);

        double rate = 1;
        double after = chosenLoss;
        int tries = 0;
        while (!(after <= loss + ARMIJO * rate * slope) && tries++ < LINE_SEARCH_TRIES) {
            rate *= SHRINK;
            after = lossAt(batch, theta, chosen, rate);
        }
        if (!(after <= loss + ARMIJO * rate * slope)) {
            rate = 0;
            after = loss;
            Arrays.fill(previous, 0);
        }
        setValues(theta, chosen, rate);
        return new Step(loss, correct[0], after, cg.iterations(), lambda, rho, rate);
    }

    /** The summed loss over the batch, its gradient of the mean loss per sequence into gradient, the right answers into correct[0]. */
    private double gradient(List<Sequence> data, DMatrixRMaj[] gradient, int[] correct) {
        DMatrixRMaj[] part = network.zerosLike();
        double sum = 0;
        for (int start = 0; start < data.size(); start += CHUNK) {
            List<Sequence> chunk = data.subList(start, Math.min(data.size(), start + CHUNK));
            Batch batch = trainer.batch(chunk);
            Pass pass = trainer.pass(batch);
            sum += pass.forward(network, batch);
            correct[0] += pass.correctCount();
            for (DMatrixRMaj m : part) {
                m.zero();
            }
            pass.backward(network, batch, part, 0);
            for (int i = 0; i < part.length; i++) {
                CommonOps_DDRM.addEquals(gradient[i], chunk.size() / (double) data.size(), part[i]);
            }
        }
        return sum;
    }

    /** Passes of its own for the curvature's sequences, run forward once at the current weights: each product then needs only the directional and backward passes. */
    private void prepareCurvature(List<Sequence> curvature) {
        int chunks = (curvature.size() + CHUNK - 1) / CHUNK;
        curvatureSizes.clear();
        for (int c = 0; c < chunks; c++) {
            List<Sequence> chunk = curvature.subList(c * CHUNK, Math.min(curvature.size(), (c + 1) * CHUNK));
            int steps = Trainer.longest(chunk);
            if (c >= curvaturePasses.size()) {
                curvaturePasses.add(null);
                curvatureBatches.add(null);
            }
            Pass pass = curvaturePasses.get(c);
            if (pass == null || pass.batchSize() != chunk.size() || pass.steps() != steps) {
                curvaturePasses.set(c, new Pass(plan, chunk.size(), steps));
                curvatureBatches.set(c, new Batch(plan, chunk.size(), steps));
            }
            Trainer.fill(plan, chunk, curvatureBatches.get(c));
            curvaturePasses.get(c).forward(network, curvatureBatches.get(c));
            curvatureSizes.add(chunk.size());
        }
    }

    /** into = G v + hiddenDamping G_hidden v over the curvature's sequences (the mean per sequence). */
    private void gaussNewton(double[] v, double hiddenDamping, double[] into) {
        DMatrixRMaj[] direction = unflatten(v);
        DMatrixRMaj[] product = network.zerosLike();
        DMatrixRMaj[] part = network.zerosLike();
        int total = curvatureSizes.stream().mapToInt(Integer::intValue).sum();
        for (int c = 0; c < curvatureSizes.size(); c++) {
            Pass pass = curvaturePasses.get(c);
            Batch batch = curvatureBatches.get(c);
            for (DMatrixRMaj m : part) {
                m.zero();
            }
            pass.directional(network, batch, direction);
            pass.gaussNewton(network, batch, part, hiddenDamping);
            for (int i = 0; i < part.length; i++) {
                CommonOps_DDRM.addEquals(product[i], curvatureSizes.get(c) / (double) total, part[i]);
            }
        }
        System.arraycopy(flatten(product), 0, into, 0, dimension);
    }

    /**
     * Martens's diagonal preconditioner (diag(mean of the squared per-sequence gradients) + lambda)^0.75, the
     * per-sequence gradients taken on the curvature's sequences.
     */
    private double[] preconditioner(List<Sequence> curvature) {
        double[] m = new double[dimension];
        for (Sequence s : curvature) {
            DMatrixRMaj[] one = network.zerosLike();
            trainer.gradient(List.of(s), 1, one);
            double[] flat = flatten(one);
            for (int i = 0; i < dimension; i++) {
                m[i] += flat[i] * flat[i] / curvature.size();
            }
        }
        for (int i = 0; i < dimension; i++) {
            m[i] = Math.pow(m[i] + lambda, EXPONENT);
        }
        return m;
    }

    /** The mean loss per sequence over the data at theta + rate d (infinite when not a number); the weights are put back. */
    private double lossAt(List<Sequence> data, double[] theta, double[] d, double rate) {
        setValues(theta, d, rate);
        double mean = trainer.evaluate(data, CHUNK)[0];
        setValues(theta, d, 0);
        return Double.isFinite(mean) ? mean : Double.POSITIVE_INFINITY;
    }

    private DMatrixRMaj[] values() {
        DMatrixRMaj[] v = new DMatrixRMaj[plan.parameters().size()];
        for (Plan.ParameterSet p : plan.parameters()) {
            v[p.index()] = network.value(p);
        }
        return v;
    }

    private void setValues(double[] theta, double[] d, double rate) {
        int at = 0;
        for (Plan.ParameterSet p : trainable) {
            double[] w = network.value(p).data;
            for (int i = 0; i < w.length; i++, at++) {
                w[i] = theta[at] + rate * d[at];
            }
        }
    }

    private double[] flatten(DMatrixRMaj[] sets) {
        double[] flat = new double[dimension];
        int at = 0;
        for (Plan.ParameterSet p : trainable) {
            double[] d = sets[p.index()].data;
            System.arraycopy(d, 0, flat, at, d.length);
            at += d.length;
        }
        return flat;
    }

    private DMatrixRMaj[] unflatten(double[] flat) {
        DMatrixRMaj[] sets = network.zerosLike();
        int at = 0;
        for (Plan.ParameterSet p : trainable) {
            double[] d = sets[p.index()].data;
            System.arraycopy(flat, at, d, 0, d.length);
            at += d.length;
        }
        return sets;
    }
}
