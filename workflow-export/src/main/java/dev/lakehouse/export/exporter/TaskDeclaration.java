package dev.lakehouse.export.exporter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a cell (tags plus {@code metadata.lakehouse}) or a notebook ({@code metadata.lakehouse}) says about its task.
 *
 * @param taskKey   the task key, or null when not given
 * @param depends   dependency keys, or null when not given
 * @param settings  task fields such as {@code max_retries}, already checked against the schema
 */
record TaskDeclaration(String taskKey, List<String> depends, ObjectNode settings) {
}
