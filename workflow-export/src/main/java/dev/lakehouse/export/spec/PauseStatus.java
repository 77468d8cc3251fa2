package dev.lakehouse.export.spec;

public enum PauseStatus {
    PAUSED, UNPAUSED
}
