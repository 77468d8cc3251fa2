package dev.lakehouse.magics.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkMagicTest {
    private final RecordingContext context = new RecordingContext();

    @Test
    void confBeforeStartChangesHowTheSessionWillBeBuilt() {
        SparkSessionProvider notStarted = new SparkSessionProvider(
                SparkSettings.fromEnvironment(Map.of("LAKEHOUSE_SPARK_MASTER", "local[1]")), getClass().getClassLoader(), s -> { });
        SparkMagic magic = new SparkMagic(notStarted);

        String out = Magics.text(Magics.run(magic, context, "%spark conf spark.executor.memory=2g spark.sql.shuffle.partitions=3"));

        assertThat(out).contains("spark.executor.memory = 2g  (applies when Spark starts)");
        assertThat(notStarted.settings().asMap()).containsEntry("spark.executor.memory", "2g")
                .containsEntry("spark.sql.shuffle.partitions", "3");
        assertThat(Magics.text(Magics.run(magic, context, "%spark status"))).contains("not started").contains("local[1]");
        assertThat(Magics.text(Magics.run(magic, context, "%spark stop"))).isEqualTo("Spark was not running.");
        assertThat(notStarted.started()).isFalse();
    }

    @Test
    void statusOfARunningSessionNamesMasterAppIdVersionAndJobs() {
        SparkMagic magic = new SparkMagic(TestSpark.provider());
        TestSpark.session();

        String out = Magics.text(Magics.run(magic, context, "%spark status"));

        assertThat(out).contains("started").contains("local[2]").contains("4.0.1")
                .contains(TestSpark.session().sparkContext().applicationId()).contains("active jobs");
    }

    @Test
    void runtimeConfChangesSqlSettingsAndExplainsStaticOnes() {
        SparkMagic magic = new SparkMagic(TestSpark.provider());
        TestSpark.session();

        Magics.run(magic, context, "%spark conf spark.sql.shuffle.partitions=3");
        assertThat(TestSpark.session().conf().get("spark.sql.shuffle.partitions")).isEqualTo("3");
        Magics.run(magic, context, "%spark conf spark.sql.shuffle.partitions=2");
        assertThat(Magics.text(Magics.run(magic, context, "%spark conf spark.sql.shuffle.partitions")))
                .isEqualTo("spark.sql.shuffle.partitions = 2");

        assertThatThrownBy(() -> Magics.run(magic, context, "%spark conf spark.sql.warehouse.dir=/tmp/x"))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("does not accept 'spark.sql.warehouse.dir' at runtime")
                .hasMessageContaining("%spark stop");
    }

    @Test
    void helpAndMistakes() {
        SparkMagic magic = new SparkMagic(TestSpark.provider());

        assertThat(Magics.text(Magics.run(magic, context, "%spark --help"))).contains("Usage: %spark").contains("conf");
        assertThat(Magics.text(Magics.run(magic, context, "%spark conf --help"))).contains("key=value");
        assertThatThrownBy(() -> Magics.run(magic, context, "%spark stats"))
                .isInstanceOf(MagicException.class).hasMessageContaining("stats").hasMessageContaining("Usage: %spark");
    }
}
