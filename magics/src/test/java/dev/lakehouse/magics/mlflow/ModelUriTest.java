package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelUriTest {
    @Test
    void parsesTheThreeForms() {
        assertThat(ModelUri.parse("runs:/0f3c/model")).isEqualTo(new ModelUri.RunArtifact("0f3c", "model"));
        assertThat(ModelUri.parse("runs:/0f3c/models/best/")).isEqualTo(new ModelUri.RunArtifact("0f3c", "models/best"));
        assertThat(ModelUri.parse("models:/churn/12")).isEqualTo(new ModelUri.RegisteredVersion("churn", "12"));
        assertThat(ModelUri.parse("models:/churn@champion")).isEqualTo(new ModelUri.RegisteredAlias("churn", "champion"));
    }

    @Test
    void unknownFormsListTheValidOnes() {
        assertThatThrownBy(() -> ModelUri.parse("models:/churn"))
                .isInstanceOf(MlflowException.class)
                .hasMessageContaining("runs:/RUN_ID/PATH").hasMessageContaining("models:/NAME@ALIAS");
    }
}
