package org.rnnstudio.model;

import java.util.List;

/**
 * A linear dynamical system (the lecture's 7-1-2): hidden state x (n numbers), observations y (m numbers),
 * optional driving inputs u (k numbers). x_1 ~ N(mu0, V0); x_t = A x_{t-1} + B u_t + w, w ~ N(0, Q);
 * y_t = C x_t + D u_t + v, v ~ N(0, R).
 */
public final class LdsDescription extends HiddenStateDescription {

    /** Whether a noise covariance is a full matrix or only its diagonal is learned (zeros elsewhere). */
    public enum Noise {
        FULL, DIAGONAL
    }

    public static final List<String> PARAMETERS = List.of("A", "B", "C", "D", "Q", "R", "mu0", "V0");

    private int state = 1;
    private int observation = 1;
    private int input;
    private Noise stateNoise = Noise.FULL;
    private Noise observationNoise = Noise.FULL;

    public int state() {
        return state;
    }

    public void setState(int state) {
        this.state = state;
    }

    public int observation() {
        return observation;
    }

    public void setObservation(int observation) {
        this.observation = observation;
    }

    /** Driving inputs u; 0 when the system runs on its own (then B and D are empty). */
    public int input() {
        return input;
    }

    public void setInput(int input) {
        this.input = input;
    }

    /** The form of Q. */
    public Noise stateNoise() {
        return stateNoise;
    }

    public void setStateNoise(Noise stateNoise) {
        this.stateNoise = stateNoise;
    }

    /** The form of R. */
    public Noise observationNoise() {
        return observationNoise;
    }

    public void setObservationNoise(Noise observationNoise) {
        this.observationNoise = observationNoise;
    }

    @Override
    public List<String> parameterNames() {
        return PARAMETERS;
    }

    @Override
    public int[] shape(String name) {
        return switch (name) {
        case "A", "Q", "V0" -> new int[] {state, state};
        case "B" -> new int[] {state, input};
        case "C" -> new int[] {observation, state};
        case "D" -> new int[] {observation, input};
        case "R" -> new int[] {observation, observation};
        case "mu0" -> new int[] {1, state};
        default -> throw new IllegalArgumentException("no LDS parameter " + name);
        };
    }
}
