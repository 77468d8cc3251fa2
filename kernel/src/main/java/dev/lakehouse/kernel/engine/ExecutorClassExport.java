package dev.lakehouse.kernel.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Makes cell classes usable on remote Spark executors. Spark serves the files in
 * {@code spark.repl.class.outputDir} to executors, but an executor loads a fresh copy of a cell's
 * wrapper class whose static fields — the notebook's variables — were never set: a lambda reading
 * {@code factor} would silently see 0. So after each cell we write every new class with a static
 * initialiser that restores the variables' values as they were when the cell finished: constants
 * for primitives and strings, Java serialisation for other Serializable values.
 *
 * <p>Limit: a variable assigned again later without being redeclared keeps, on executors that
 * already loaded its class, the value it had when the class was first exported.
 */
public final class ExecutorClassExport {
    private static final int MAX_SERIALIZED = 48 * 1024;
    private final Path outputDir;

    public ExecutorClassExport(Path outputDir) {
        this.outputDir = outputDir;
    }

    public Path outputDir() {
        return outputDir;
    }

    /**
     * Writes a class as compiled, before its snippet runs: a cell's lambdas are shipped to
     * executors while the cell is still running, so its own class must already be there.
     */
    public void exportAsCompiled(String className, byte[] bytes) throws IOException {
        write(className, bytes);
    }

    /** Writes {@code type} (defined from {@code bytes}) with its current static values baked in. */
    public List<String> export(Class<?> type, byte[] bytes) throws IOException {
        List<String> skipped = new ArrayList<>();
        List<StaticValue> values = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || Modifier.isFinal(mod)) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object value = f.get(null);
                if (value == null) {
                    continue;
                }
                StaticValue sv = StaticValue.of(f, value);
                if (sv == null) {
                    skipped.add(f.getName() + " (" + value.getClass().getName() + " is not Serializable)");
                } else {
                    values.add(sv);
                }
            } catch (ReflectiveOperationException | RuntimeException | IOException e) {
                skipped.add(f.getName() + " (" + e + ")");
            }
        }
        write(type.getName(), values.isEmpty() ? bytes : withInitializer(bytes, values));
        return skipped;
    }

    private void write(String className, byte[] out) throws IOException {
        Path file = outputDir.resolve(className.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private record StaticValue(String name, Type type, Object constant, String serializedBase64) {
        static StaticValue of(Field f, Object value) throws IOException {
            Type t = Type.getType(f.getType());
            Class<?> ft = f.getType();
            if (ft.isPrimitive() || ft == String.class) {
                return new StaticValue(f.getName(), t, value, null);
            }
            if (isBoxed(value) && ft.isAssignableFrom(value.getClass())) {
                return new StaticValue(f.getName(), t, value, null);
            }
            if (!(value instanceof Serializable)) {
                return null;
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ObjectOutputStream oos = new ObjectOutputStream(buffer)) {
                oos.writeObject(value);
            }
            if (buffer.size() > MAX_SERIALIZED) {
                return null;
            }
            return new StaticValue(f.getName(), t, null, Base64.getEncoder().encodeToString(buffer.toByteArray()));
        }

        private static boolean isBoxed(Object v) {
            return v instanceof Number || v instanceof Boolean || v instanceof Character;
        }
    }

    private static byte[] withInitializer(byte[] bytes, List<StaticValue> values) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return ExecutorClassExport.class.getClassLoader();
            }

            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        String owner = reader.getClassName();
        boolean[] hadClinit = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("<clinit>")) {
                    return mv;
                }
                hadClinit[0] = true;
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        emitRestore(mv, owner, values);
                    }
                };
            }

            @Override
            public void visitEnd() {
                if (!hadClinit[0]) {
                    MethodVisitor mv = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
                    mv.visitCode();
                    emitRestore(mv, owner, values);
                    mv.visitInsn(Opcodes.RETURN);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                }
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    private static void emitRestore(MethodVisitor mv, String owner, List<StaticValue> values) {
        for (StaticValue v : values) {
            if (v.serializedBase64() != null) {
                mv.visitTypeInsn(Opcodes.NEW, "java/io/ObjectInputStream");
                mv.visitInsn(Opcodes.DUP);
                mv.visitTypeInsn(Opcodes.NEW, "java/io/ByteArrayInputStream");
                mv.visitInsn(Opcodes.DUP);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Base64", "getDecoder", "()Ljava/util/Base64$Decoder;", false);
                mv.visitLdcInsn(v.serializedBase64());
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Base64$Decoder", "decode", "(Ljava/lang/String;)[B", false);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/ByteArrayInputStream", "<init>", "([B)V", false);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/ObjectInputStream", "<init>", "(Ljava/io/InputStream;)V", false);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/ObjectInputStream", "readObject", "()Ljava/lang/Object;", false);
                mv.visitTypeInsn(Opcodes.CHECKCAST, v.type().getInternalName());
                mv.visitFieldInsn(Opcodes.PUTSTATIC, owner, v.name(), v.type().getDescriptor());
                continue;
            }
            Object c = v.constant();
            Type t = v.type();
            switch (t.getSort()) {
                case Type.BOOLEAN -> mv.visitLdcInsn(((Boolean) c) ? 1 : 0);
                case Type.CHAR -> mv.visitLdcInsn((int) (Character) c);
                case Type.BYTE, Type.SHORT, Type.INT -> mv.visitLdcInsn(((Number) c).intValue());
                case Type.LONG -> mv.visitLdcInsn(((Number) c).longValue());
                case Type.FLOAT -> mv.visitLdcInsn(((Number) c).floatValue());
                case Type.DOUBLE -> mv.visitLdcInsn(((Number) c).doubleValue());
                default -> {
                    if (c instanceof String s) {
                        mv.visitLdcInsn(s);
                    } else {
                        boxedConstant(mv, c);
                    }
                }
            }
            mv.visitFieldInsn(Opcodes.PUTSTATIC, owner, v.name(), t.getDescriptor());
        }
    }

    private static void boxedConstant(MethodVisitor mv, Object c) {
        String box = Type.getInternalName(c.getClass());
        String prim;
        if (c instanceof Integer i) { mv.visitLdcInsn(i); prim = "I"; }
        else if (c instanceof Long l) { mv.visitLdcInsn(l); prim = "J"; }
        else if (c instanceof Double d) { mv.visitLdcInsn(d); prim = "D"; }
        else if (c instanceof Float f) { mv.visitLdcInsn(f); prim = "F"; }
        else if (c instanceof Short s) { mv.visitLdcInsn((int) s); prim = "S"; }
        else if (c instanceof Byte b) { mv.visitLdcInsn((int) b); prim = "B"; }
        else if (c instanceof Character ch) { mv.visitLdcInsn((int) ch); prim = "C"; }
        else { mv.visitLdcInsn(((Boolean) c) ? 1 : 0); prim = "Z"; }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + prim + ")L" + box + ";", false);
    }
}
