package org.rnnstudio.model;

import java.util.Arrays;

/**
 * A group of units that share an activation and a way of combining their inputs. Input groups are clamped
 * to the data; output groups are ordinary groups that also have a target.
 */
public final class UnitGroup {

    public enum Role {
        HIDDEN, INPUT, OUTPUT
    }

    /** How a group combines what its incoming connections bring: add them, or multiply them (sigma-pi units). */
    public enum Combine {
        SUM, PRODUCT
    }

    public enum InitialStateKind {
        ZERO, FIXED, LEARNED
    }

    /** When the data reach an input group. */
    public enum InputSchedule {
        EVERY_STEP, FIRST_STEP
    }

    /** At which steps an output group is compared with its target. */
    public enum TargetSchedule {
        FINAL_STEP, LAST_STEPS, EVERY_STEP
    }

    public enum Loss {
        /** E = 1/2 sum (y - t)^2, for linear or any output */
        SQUARED_ERROR,
        /** E = -sum t log y, for softmax outputs */
        CROSS_ENTROPY,
        /** E = -sum (t log y + (1 - t) log(1 - y)), for logistic outputs */
        LOGISTIC_CROSS_ENTROPY,
        /**
         * E = -log p(labels | whole sequence), connectionist temporal classification, for softmax outputs: the
         * sequence carries labels and no alignment; unit 0 is the blank
         */
        CTC
    }

    private String id;
    private String name;
    private Role role = Role.HIDDEN;
    private int size = 1;
    private Activation activation = Activation.LOGISTIC;
    private boolean bias = true;
    private boolean fixedBias;
    private Combine combine = Combine.SUM;
    private InitialStateKind initialState = InitialStateKind.ZERO;
    private double[] initialValues;
    private InputSchedule inputSchedule = InputSchedule.EVERY_STEP;
    private TargetSchedule targetSchedule = TargetSchedule.EVERY_STEP;
    private int targetSteps = 1;
    private Loss loss = Loss.SQUARED_ERROR;
    private int[] units;
    private String next;

    public UnitGroup(String id, Role role, int size) {
        this.id = id;
        this.name = id;
        this.role = role;
        this.size = size;
        if (role == Role.INPUT) {
            activation = Activation.LINEAR;
            bias = false;
        }
    }

    public String id() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Role role() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public int size() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public Activation activation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    public boolean bias() {
        return bias;
    }

    public void setBias(boolean bias) {
        this.bias = bias;
    }

    /**
     * The biases are set once at initialisation and never learned (a reservoir's, see {@link CellExpansion});
     * only a cell's parts have such biases, so model files do not spell it.
     */
    public boolean fixedBias() {
        return fixedBias;
    }

    public void setFixedBias(boolean fixedBias) {
        this.fixedBias = fixedBias;
    }

    public Combine combine() {
        return combine;
    }

    public void setCombine(Combine combine) {
        this.combine = combine;
    }

    public InitialStateKind initialState() {
        return initialState;
    }

    /** Fixed values (FIXED), or starting values of a learned initial state (LEARNED; null = zeros). */
    public double[] initialValues() {
        return initialValues;
    }

    public void setInitialState(InitialStateKind kind, double[] values) {
        this.initialState = kind;
        this.initialValues = values;
    }

    public InputSchedule inputSchedule() {
        return inputSchedule;
    }

    public void setInputSchedule(InputSchedule inputSchedule) {
        this.inputSchedule = inputSchedule;
    }

    public TargetSchedule targetSchedule() {
        return targetSchedule;
    }

    /** k of "the last k steps". */
    public int targetSteps() {
        return targetSteps;
    }

    public void setTarget(Loss newLoss, TargetSchedule schedule, int steps) {
        this.loss = newLoss;
        this.targetSchedule = schedule;
        this.targetSteps = steps;
    }

    public Loss loss() {
        return loss;
    }

    /**
     * The input group whose value one step later is this output's target ("predict the next term"), so that
     * the data hold the series once; null when the targets come from the data.
     */
    public String next() {
        return next;
    }

    public void setNext(String inputGroup) {
        this.next = inputGroup;
    }

    /**
     * For an input group, the units the data reach; for an output group, the units that have targets. Null
     * means all of them.
     */
    public int[] units() {
        return units;
    }

    public void setUnits(int[] units) {
        this.units = units;
    }

    public boolean isInput() {
        return role == Role.INPUT;
    }

    public boolean isOutput() {
        return role == Role.OUTPUT;
    }

    /** The units the data or targets reach, as a list of indices (all units when no subset is given). */
    public int[] unitsOrAll() {
        if (units != null) {
            return units;
        }
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Override
    public String toString() {
        return "'" + id + "'";
    }
}
