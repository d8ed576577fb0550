package org.rnnstudio.cli;

/** The binary adder as the benchmark runs it: the example's network, without its layout. */
final class BenchModels {

    static final String ADDER = "{\"format\": \"rnnstudio-model/1\", \"groups\": ["
            + "{\"id\": \"input\", \"role\": \"input\", \"size\": 2},"
            + "{\"id\": \"hidden\", \"size\": 3, \"activation\": \"logistic\", \"initialState\": {\"kind\": \"learned\"}},"
            + "{\"id\": \"output\", \"role\": \"output\", \"size\": 1, \"activation\": \"logistic\","
            + " \"target\": {\"loss\": \"logistic-cross-entropy\", \"schedule\": \"every-step\"}}],"
            + "\"connections\": ["
            + "{\"id\": \"input-hidden\", \"from\": \"input\", \"to\": \"hidden\", \"delay\": 1},"
            + "{\"id\": \"hidden-hidden\", \"from\": \"hidden\", \"to\": \"hidden\", \"delay\": 1},"
            + "{\"id\": \"hidden-output\", \"from\": \"hidden\", \"to\": \"output\", \"delay\": 1}]}";

    private BenchModels() {
    }
}
