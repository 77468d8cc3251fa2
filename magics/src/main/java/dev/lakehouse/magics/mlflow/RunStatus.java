package dev.lakehouse.magics.mlflow;

/** MLflow run states; a run ends as FINISHED, FAILED or KILLED. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED
}
