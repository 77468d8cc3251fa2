package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CellSourcesTest {
    @Test
    void hashDependsOnWhereCellsBreakNotOnlyOnTheText() {
        CellSources ab = new CellSources();
        ab.record("int a = 1;");
        ab.record("int b = 2;");
        CellSources joined = new CellSources();
        joined.record("int a = 1;int b = 2;");

        assertThat(ab.sha256()).hasSize(64).isNotEqualTo(joined.sha256());
        assertThat(ab.count()).isEqualTo(2);
        assertThat(ab.text()).isEqualTo("// ---- cell 1\nint a = 1;\n// ---- cell 2\nint b = 2;\n");
    }

    @Test
    void keyNamesFollowMlflowRules() {
        assertThat(MlflowNames.requireValidKey("metric", "val/rmse: fold 1")).isEqualTo("val/rmse: fold 1");
        assertThatThrownBy(() -> MlflowNames.requireValidKey("metric", "rmse!")).hasMessageContaining("Invalid metric name 'rmse!'");
        assertThatThrownBy(() -> MlflowNames.requireValidKey("param", "../x")).hasMessageContaining("'..' segments");
        assertThatThrownBy(() -> MlflowNames.requireValidKey("tag", " ")).hasMessageContaining("needs a name");
    }
}
