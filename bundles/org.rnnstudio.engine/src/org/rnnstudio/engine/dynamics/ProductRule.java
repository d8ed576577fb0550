package org.rnnstudio.engine.dynamics;

import org.ejml.data.DMatrixRMaj;

/** A product group's total input: the elementwise product of what its wires bring, and its derivative by the product rule. */
final class ProductRule {

    private ProductRule() {
    }

    /**
     * net_j = prod_w c_wj, and row j of dNet = sum_w (prod_{u != w} c_uj) dc_w row j, for the wires whose
     * tangent is known (null = the wire reads only inputs). No wires give 0, as in the engine.
     */
    static void combine(double[][] brought, DMatrixRMaj[] dBrought, double[] net, DMatrixRMaj dNet) {
        int size = net.length;
        for (int j = 0; j < size; j++) {
            double p = brought.length == 0 ? 0 : 1;
            for (double[] c : brought) {
                p *= c[j];
            }
            net[j] = p;
            if (dNet == null) {
                continue;
            }
            for (int w = 0; w < brought.length; w++) {
                if (dBrought[w] == null) {
                    continue;
                }
                double others = 1;
                for (int u = 0; u < brought.length; u++) {
                    if (u != w) {
                        others *= brought[u][j];
                    }
                }
                for (int c = 0; c < dNet.numCols; c++) {
                    dNet.add(j, c, others * dBrought[w].get(j, c));
                }
            }
        }
    }
}
