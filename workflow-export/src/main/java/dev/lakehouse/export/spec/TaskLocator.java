package dev.lakehouse.export.spec;

/**
 * Where, for people, a part of a job spec came from: a line of a JSON file or a notebook cell. The exporter supplies
 * one that names notebooks and cells; {@link #forFile(String)} names JSON paths.
 */
public interface TaskLocator {

    /** The task at {@code index}. */
    String task(int index, Task task);

    /** Where {@code task} declares its dependency on {@code dependencyKey}. */
    default String dependency(int index, Task task, String dependencyKey) {
        return task(index, task);
    }

    /** A job-level field, by its JSON path such as {@code schedule} or {@code parameters[1]}. */
    String field(String jsonPath);

    static TaskLocator forFile(String sourceName) {
        return new TaskLocator() {
            @Override
            public String task(int index, Task task) {
                return sourceName + " tasks[" + index + "](" + task.taskKey() + ")";
            }

            @Override
            public String dependency(int index, Task task, String dependencyKey) {
                int position = task.dependencyKeys().indexOf(dependencyKey);
                return task(index, task) + ".depends_on[" + position + "]";
            }

            @Override
            public String field(String jsonPath) {
                return sourceName + " " + jsonPath;
            }
        };
    }
}
