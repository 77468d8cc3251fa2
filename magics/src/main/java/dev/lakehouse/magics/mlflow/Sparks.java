package dev.lakehouse.magics.mlflow;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** The notebook's SparkSession if one is running; MLflow calls never start Spark themselves. */
final class Sparks {
    private Sparks() {}

    static Optional<SparkSession> current() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isDefined()) {
            return Optional.of(active.get());
        }
        scala.Option<SparkSession> fallback = SparkSession.getDefaultSession();
        return fallback.isDefined() ? Optional.of(fallback.get()) : Optional.empty();
    }

    static SparkSession require(String forWhat) {
        return current().orElseThrow(() -> new MlflowException(forWhat + " needs Spark, and no SparkSession is running."
                + " Mention `spark` in a cell first (e.g. spark.version())."));
    }
}
