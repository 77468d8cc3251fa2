package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingUriTest {
    @Test
    void environmentWinsOverTheEmbeddedDefault() {
        assertThat(TrackingUri.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "http://mlflow.internal:8080/")))
                .hasToString("http://mlflow.internal:8080");
        assertThat(TrackingUri.fromEnvironment(Map.of())).hasToString(TrackingUri.EMBEDDED_DEFAULT);
    }

    @Test
    void keepsAPathPrefixForServersBehindAProxy() {
        assertThat(TrackingUri.parse("https://example.com/mlflow/")).hasToString("https://example.com/mlflow");
    }

    @Test
    void rejectsAUriWithoutSchemeSayingWhatToWrite() {
        assertThatThrownBy(() -> TrackingUri.parse("localhost:5000"))
                .isInstanceOf(MlflowException.class).hasMessageContaining("http(s)://HOST:PORT");
    }

    @Test
    void explainsThatStoresNeedAServer() {
        assertThatThrownBy(() -> TrackingUri.parse("sqlite:///tmp/mlflow.db"))
                .hasMessageContaining("is a store, not a tracking server").hasMessageContaining("mlflow server");
        assertThatThrownBy(() -> TrackingUri.parse("databricks")).hasMessageContaining("not a tracking server");
    }
}
