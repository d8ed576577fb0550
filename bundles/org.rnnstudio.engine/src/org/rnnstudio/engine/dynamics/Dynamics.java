package org.rnnstudio.engine.dynamics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A network looked at as a dynamical system: free runs from many initial states with their Lyapunov
 * exponents, the fixed points with their stability, and a verdict in words. What the command line prints
 * and the Dynamics view draws.
 */
public final class Dynamics {

    /**
     * The runs are kept whole (for the portrait, the trajectories and the principal components): at most
     * this many numbers, 160 MB, so that a request for more is refused before it fills the heap.
     */
    public static final long MOST_STATE_VALUES = 20_000_000L;

    /** How far apart two runs' end points must be to count as different attractors. */
    private static final double SAME_ATTRACTOR = 1e-3;

    /** The runs to make: the drive, the initial states, the steps; the first half of each run is its transient. */
    public record Settings(Drive drive, List<double[]> starts, int steps, long seed) {
        public int transientSteps() {
            return steps / 2;
        }

        /** How many numbers the runs keep: runs x (steps + 1) x units. */
        public long values(StepMap map) {
            return (long) starts.size() * (steps + 1) * map.dimension();
        }
    }

    /** Everything found: the runs, the fixed points, the verdict. */
    public record Report(StepMap map, Settings settings, List<Orbit> orbits, List<FixedPoint> fixedPoints, Behaviour behaviour,
            String verdict) {

        /** The largest Lyapunov exponent over the runs that stayed bounded (NaN when none did). */
        public double lyapunov() {
            double best = Double.NaN;
            for (Orbit o : orbits) {
                if (!Double.isNaN(o.lyapunov()) && (Double.isNaN(best) || o.lyapunov() > best)) {
                    best = o.lyapunov();
                }
            }
            return best;
        }

        /** The visited states of every run, [run][step][unit]. */
        public List<double[][]> runs() {
            List<double[][]> runs = new ArrayList<>();
            for (Orbit o : orbits) {
                runs.add(o.states());
            }
            return runs;
        }
    }

    private Dynamics() {
    }

    /**
     * Runs from every start, finds the fixed points (of the map with the constant input, or with zero input
     * after a sequence has ended) from the starts and from where the runs ended, and says what happens.
     */
    public static Report analyse(StepMap map, Settings settings) {
        Random random = new Random(settings.seed());
        List<Orbit> orbits = new ArrayList<>();
        for (double[] start : settings.starts()) {
            orbits.add(Orbit.run(map, settings.drive(), start, settings.steps(), settings.transientSteps(), random));
        }
        double[] x = settings.drive().isConstant() ? settings.drive().at(0) : new double[map.inputWidth()];
        List<double[]> newtonStarts = new ArrayList<>(settings.starts());
        for (Orbit o : orbits) {
            if (o.behaviour() != Behaviour.DIVERGES) {
                newtonStarts.add(o.last());
            }
        }
        List<FixedPoint> fixedPoints = FixedPoints.find(map, x, newtonStarts);
        Behaviour overall = mostCommon(orbits);
        return new Report(map, settings, orbits, fixedPoints, overall, verdict(orbits, overall));
    }

    private static Behaviour mostCommon(List<Orbit> orbits) {
        Map<Behaviour, Integer> counts = counts(orbits);
        Behaviour best = null;
        for (Map.Entry<Behaviour, Integer> e : counts.entrySet()) {
            if (best == null || e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static Map<Behaviour, Integer> counts(List<Orbit> orbits) {
        Map<Behaviour, Integer> counts = new EnumMap<>(Behaviour.class);
        for (Orbit o : orbits) {
            counts.merge(o.behaviour(), 1, Integer::sum);
        }
        return counts;
    }

    /** "The network settles to a point: all 16 runs end at one of 3 points." and the like. */
    static String verdict(List<Orbit> orbits, Behaviour overall) {
        Map<Behaviour, Integer> counts = counts(orbits);
        int runs = orbits.size();
        String all = runs == 1 ? "the run" : "all " + runs + " runs";
        if (counts.size() > 1) {
            StringBuilder s = new StringBuilder("Mixed: the network mostly " + overall.words() + ";");
            String separator = " ";
            for (Map.Entry<Behaviour, Integer> e : counts.entrySet()) {
                s.append(separator).append(e.getValue()).append(" of ").append(runs).append(" runs ")
                        .append(e.getValue() == 1 ? e.getKey().words() : e.getKey().plural());
                separator = ", ";
            }
            return s.append('.').toString();
        }
        String head = "The network " + overall.words() + ": ";
        switch (overall) {
        case SETTLES:
            int points = distinctEnds(orbits);
            return head + all + (points == 1 ? " end at the same point." : " end at one of " + points + " points.");
        case PERIODIC:
            return head + all + " repeat every " + periodWords(orbits) + ".";
        case QUASI_PERIODIC:
            return head + all + " keep turning without repeating exactly (largest Lyapunov exponent "
                    + String.format(Locale.ROOT, "%+.3f", largest(orbits)) + ", about zero).";
        case CHAOTIC:
            return head + "nearby states part like exp(" + String.format(Locale.ROOT, "%.3f", largest(orbits)) + " t) in " + all + ".";
        case DIVERGES:
            return head + "the state grows without bound in " + all + ".";
        default:
            throw new IllegalStateException(overall.name());
        }
    }

    private static String periodWords(List<Orbit> orbits) {
        int least = Integer.MAX_VALUE;
        int most = 0;
        for (Orbit o : orbits) {
            least = Math.min(least, o.period());
            most = Math.max(most, o.period());
        }
        return least == most ? least + " steps" : least + " to " + most + " steps";
    }

    private static double largest(List<Orbit> orbits) {
        double best = Double.NEGATIVE_INFINITY;
        for (Orbit o : orbits) {
            best = Math.max(best, o.lyapunov());
        }
        return best;
    }

    private static int distinctEnds(List<Orbit> orbits) {
        List<double[]> ends = new ArrayList<>();
        for (Orbit o : orbits) {
            if (ends.stream().noneMatch(e -> Orbit.distance(e, o.last()) < SAME_ATTRACTOR)) {
                ends.add(o.last());
            }
        }
        return ends.size();
    }
}
