package dev.lakehouse.export.spec;

import dev.lakehouse.export.validation.DidYouMean;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a schema cannot express: duplicate task keys, unknown dependencies, cycles, cron and time zone,
 * webhooks, retry bounds, duplicate parameters. Collects every problem; null fields (already reported by the
 * schema check) are skipped.
 */
public final class JobSpecValidator {

    private JobSpecValidator() {
    }

    public static List<Problem> validate(JobSpec spec, String sourceName) {
        return validate(spec, TaskLocator.forFile(sourceName));
    }

    public static List<Problem> validate(JobSpec spec, TaskLocator locator) {
        List<Problem> problems = new ArrayList<>();
        List<Task> tasks = spec.tasks() == null ? List.of() : spec.tasks();
        Map<String, Integer> firstIndexByKey = checkTaskKeys(tasks, locator, problems);
        for (int i = 0; i < tasks.size(); i++) {
            checkTask(i, tasks.get(i), firstIndexByKey, locator, problems);
        }
        problems.addAll(findCycles(tasks, firstIndexByKey, locator));
        if (spec.schedule() != null) {
            problems.addAll(ScheduleCheck.check(spec.schedule(), locator.field("schedule")));
        }
        checkParameters(spec, locator, problems);
        checkWebhooks(spec.webhookNotifications(), locator, problems);
        return problems;
    }

    private static Map<String, Integer> checkTaskKeys(List<Task> tasks, TaskLocator locator, List<Problem> problems) {
        Map<String, Integer> firstIndexByKey = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            if (task.taskKey() == null) {
                continue;
            }
            Integer first = firstIndexByKey.putIfAbsent(task.taskKey(), i);
            if (first != null) {
                problems.add(new Problem(ProblemKind.DUPLICATE_TASK_KEY, locator.task(i, task),
                        "duplicate task key \"" + task.taskKey() + "\", already used by " + locator.task(first, tasks.get(first))));
            }
        }
        return firstIndexByKey;
    }

    private static void checkTask(int index, Task task, Map<String, Integer> keys, TaskLocator locator, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        for (String dependency : task.dependencyKeys()) {
            if (dependency == null) {
                continue;
            }
            String where = locator.dependency(index, task, dependency);
            if (!seen.add(dependency)) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "lists dependency \"" + dependency + "\" twice"));
            } else if (dependency.equals(task.taskKey())) {
                problems.add(new Problem(ProblemKind.CYCLE, where,
                        "dependency cycle: " + dependency + " -> " + dependency + " (task depends on itself)"));
            } else if (!keys.containsKey(dependency)) {
                problems.add(new Problem(ProblemKind.UNKNOWN_DEPENDENCY, where, "task \"" + task.taskKey()
                        + "\" depends on unknown task \"" + dependency + "\"" + DidYouMean.hint(dependency, keys.keySet())));
            }
        }
        if (task.minRetryIntervalMillis() != null && task.maxRetryIntervalMillis() != null
                && task.maxRetryIntervalMillis() < task.minRetryIntervalMillis()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, locator.task(index, task),
                    "max_retry_interval_millis (" + task.maxRetryIntervalMillis()
                            + ") is below min_retry_interval_millis (" + task.minRetryIntervalMillis() + ")"));
        }
        NotebookTask notebookTask = task.notebookTask();
        if (notebookTask != null && notebookTask.cellIds() != null) {
            Set<String> ids = new HashSet<>();
            for (String id : notebookTask.cellIds()) {
                if (id != null && !ids.add(id)) {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE, locator.task(index, task),
                            "notebook_task.cell_ids lists cell \"" + id + "\" twice"));
                }
            }
        }
    }

    /** One problem per strongly connected component with more than one task (Tarjan), reporting one cycle in it. */
    static List<Problem> findCycles(List<Task> tasks, Map<String, Integer> keys, TaskLocator locator) {
        Map<String, List<String>> downstream = new LinkedHashMap<>();
        keys.keySet().forEach(key -> downstream.put(key, new ArrayList<>()));
        keys.forEach((key, index) -> {
            for (String dependency : tasks.get(index).dependencyKeys()) {
                if (keys.containsKey(dependency) && !dependency.equals(key) && !downstream.get(dependency).contains(key)) {
                    downstream.get(dependency).add(key);
                }
            }
        });
        List<Problem> problems = new ArrayList<>();
        for (List<String> component : new Tarjan(downstream).components()) {
            if (component.size() < 2) {
                continue;
            }
            String start = component.stream().min((a, b) -> keys.get(a) - keys.get(b)).orElseThrow();
            List<String> cycle = cycleThrough(start, downstream, new HashSet<>(component));
            String last = cycle.get(cycle.size() - 2);
            int startIndex = keys.get(start);
            problems.add(new Problem(ProblemKind.CYCLE, locator.dependency(startIndex, tasks.get(startIndex), last),
                    "dependency cycle: " + String.join(" -> ", cycle)));
        }
        return problems;
    }

    /** Shortest path start -> ... -> start inside the component (breadth first), as a list of keys. */
    private static List<String> cycleThrough(String start, Map<String, List<String>> downstream, Set<String> component) {
        Map<String, String> previous = new HashMap<>();
        List<String> frontier = new ArrayList<>(List.of(start));
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String node : frontier) {
                for (String successor : downstream.get(node)) {
                    if (!component.contains(successor)) {
                        continue;
                    }
                    if (successor.equals(start)) {
                        List<String> path = new ArrayList<>(List.of(start));
                        for (String step = node; !step.equals(start); step = previous.get(step)) {
                            path.add(1, step);
                        }
                        path.add(start);
                        return path;
                    }
                    if (!previous.containsKey(successor)) {
                        previous.put(successor, node);
                        next.add(successor);
                    }
                }
            }
            frontier = next;
        }
        throw new IllegalStateException("no cycle through " + start);
    }

    private static final class Tarjan {
        private final Map<String, List<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> components = new ArrayList<>();
        private int counter;

        Tarjan(Map<String, List<String>> graph) {
            this.graph = graph;
        }

        List<List<String>> components() {
            graph.keySet().forEach(node -> {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            });
            return components;
        }

        private void visit(String node) {
            index.put(node, counter);
            lowLink.put(node, counter);
            counter++;
            stack.add(node);
            onStack.add(node);
            for (String successor : graph.get(node)) {
                if (!index.containsKey(successor)) {
                    visit(successor);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(successor)));
                } else if (onStack.contains(successor)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(successor)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }

    private static void checkParameters(JobSpec spec, TaskLocator locator, List<Problem> problems) {
        if (spec.parameters() == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.parameters().size(); i++) {
            String name = spec.parameters().get(i).name();
            if (name != null && !names.add(name)) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, locator.field("parameters[" + i + "]"),
                        "duplicate parameter name \"" + name + "\""));
            }
        }
    }

    private static void checkWebhooks(WebhookNotifications notifications, TaskLocator locator, List<Problem> problems) {
        if (notifications == null) {
            return;
        }
        Map<String, List<Webhook>> byEvent = new LinkedHashMap<>();
        byEvent.put("on_start", notifications.onStart());
        byEvent.put("on_success", notifications.onSuccess());
        byEvent.put("on_failure", notifications.onFailure());
        byEvent.forEach((event, hooks) -> {
            if (hooks == null) {
                return;
            }
            for (int i = 0; i < hooks.size(); i++) {
                Webhook hook = hooks.get(i);
                if ((hook.id() == null) == (hook.url() == null)) {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE,
                            locator.field("webhook_notifications." + event + "[" + i + "]"),
                            "give exactly one of \"id\" or \"url\""));
                }
            }
        });
    }
}
