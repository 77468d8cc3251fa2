package dev.lakehouse.export.notebook;

import java.io.IOException;

/** A file that is not a readable nbformat 4 notebook; the message names the file and what is wrong. */
public class NotebookFormatException extends IOException {
    public NotebookFormatException(String message) {
        super(message);
    }
}
