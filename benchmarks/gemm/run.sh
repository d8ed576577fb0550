#!/usr/bin/env bash
# Measures the candidates for the engine's matrix products side by side (GemmCandidates.java): EJML on one
# and two threads, the engine's Vector API kernels on one and two, and dev.ludovic.netlib's BLAS (its
# Vector API kernels, and its JNI path to the system BLAS where it loads; that path needs f2j arpack_combined_all
# on the class path, its JNI library looks its classes up when it loads). Needs the EJML and netlib
# jars in the local Maven repository (a build of the project brings EJML; netlib: see docs/benchmarks.md).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
M2="${M2_REPO:-$HOME/.m2/repository}"
CP="$M2/org/ejml/ejml-core/0.46.1/ejml-core-0.46.1.jar:$M2/org/ejml/ejml-ddense/0.46.1/ejml-ddense-0.46.1.jar:$M2/dev/ludovic/netlib/blas/3.0.4/blas-3.0.4.jar:$M2/net/sourceforge/f2j/arpack_combined_all/0.1/arpack_combined_all-0.1.jar"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
javac -nowarn --add-modules jdk.incubator.vector -cp "$CP" -d "$OUT" \
    "$HERE/../../bundles/org.rnnstudio.engine/src/org/rnnstudio/engine/"{Gemm,VectorGemm}.java "$HERE/GemmCandidates.java" 2>&1 | grep -v incubat || true
grep -o -w -E 'avx512f|avx2|fma|avx512vl|sse4_2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
java --add-modules jdk.incubator.vector -cp "$OUT:$CP" org.rnnstudio.engine.GemmCandidates "$@"
