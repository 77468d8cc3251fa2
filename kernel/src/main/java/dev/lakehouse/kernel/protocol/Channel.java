package dev.lakehouse.kernel.protocol;

/** The kernel's ZeroMQ channels that carry messages (heartbeat only echoes bytes). */
public enum Channel {
    SHELL, CONTROL, STDIN, IOPUB
}
