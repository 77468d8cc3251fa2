package dev.lakehouse.magics.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Records the call site of every Spark job started, so a test can prove which jobs ran. */
public final class JobCounter extends SparkListener implements AutoCloseable {
    private final SparkSession spark;
    private final List<String> callSites = new CopyOnWriteArrayList<>();

    public JobCounter(SparkSession spark) {
        this.spark = spark;
        spark.sparkContext().addSparkListener(this);
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        // The result stage (highest id) is named after the job's call site, e.g. "count at X.java:12".
        scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageInfos()).stream()
                .max(java.util.Comparator.comparingInt(org.apache.spark.scheduler.StageInfo::stageId))
                .ifPresent(stage -> callSites.add(stage.name()));
    }

    /** Jobs started so far, after every queued listener event has been delivered. */
    public List<String> callSites() {
        TestSpark.drainListenerBus(spark);
        return List.copyOf(callSites);
    }

    @Override
    public void close() {
        spark.sparkContext().removeSparkListener(this);
    }
}
