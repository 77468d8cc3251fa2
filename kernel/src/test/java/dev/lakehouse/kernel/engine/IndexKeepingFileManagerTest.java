package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class IndexKeepingFileManagerTest {
    private final List<String> handled = new ArrayList<>();
    private final IndexKeepingFileManager manager = new IndexKeepingFileManager(recordingJavacManager());

    private StandardJavaFileManager recordingJavacManager() {
        return (StandardJavaFileManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("handleOption")) {
                        Iterator<?> values = (Iterator<?>) args[1];
                        handled.add(args[0] + " " + (values.hasNext() ? values.next() : ""));
                        return true;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    @Test
    void anUnchangedMultiReleaseOptionIsNotPassedOnSoJavacKeepsItsIndex() {
        assertThat(manager.handleOption("--multi-release", List.of("17").iterator())).isTrue();
        assertThat(manager.handleOption("--multi-release", List.of("17").iterator())).isTrue();
        assertThat(manager.handleOption("--multi-release", List.of("17").iterator())).isTrue();

        assertThat(handled).containsExactly("--multi-release 17");
    }

    @Test
    void aChangedMultiReleaseValueAndEveryOtherOptionArePassedOn() {
        manager.handleOption("--multi-release", List.of("17").iterator());
        manager.handleOption("--multi-release", List.of("21").iterator());
        manager.handleOption("-classpath", List.of("/a.jar").iterator());
        manager.handleOption("-classpath", List.of("/a.jar").iterator());

        assertThat(handled).containsExactly("--multi-release 17", "--multi-release 21", "-classpath /a.jar",
                "-classpath /a.jar");
    }

    @Test
    void pluginLookupsSeeThePlatformOnlyNotEveryClasspathJar() {
        assertThat(manager.getClassLoader(StandardLocation.CLASS_PATH)).isSameAs(ClassLoader.getPlatformClassLoader());
        assertThat(manager.getClassLoader(StandardLocation.ANNOTATION_PROCESSOR_PATH))
                .isSameAs(ClassLoader.getPlatformClassLoader());
    }
}
