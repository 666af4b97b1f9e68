package nnc.compiler.jit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import nnc.runtime.Model;

/**
 * Compiles generated source with {@code javax.tools} in memory and loads it, so that commands
 * which run a model never write class files. Generated code links against the runtime only.
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** Generated code failed to compile: always a bug of nnc, never of the user. */
    public static final class CompilationFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompilationFailed(String message) {
            super(message);
        }
    }

    /** Compiles {@code source} (a class named {@code className}) and loads it. */
    public static Class<? extends Model> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this Java installation ("
                    + System.getProperty("java.home") + "); nnc needs a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                null);
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name,
                                                       JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/')
                        + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(name, out);
                        return out;
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///"
                + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = new ArrayList<>(List.of("-classpath", classpath(), "-proc:none",
                "-nowarn", "-g"));
        boolean ok = javac.getTask(null, fm, diagnostics, options, null, List.of(file)).call();
        if (!ok) {
            StringBuilder b = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                b.append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
            throw new CompilationFailed(b.toString());
        }
        ClassLoader parent = Model.class.getClassLoader();
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        try {
            return loader.loadClass(className).asSubclass(Model.class);
        } catch (ClassNotFoundException e) {
            throw new CompilationFailed("generated class " + className + " was not produced");
        }
    }

    /** The class path plus wherever the runtime classes were loaded from. */
    private static String classpath() {
        String cp = System.getProperty("java.class.path", "");
        CodeSource cs = Model.class.getProtectionDomain().getCodeSource();
        if (cs != null) {
            URL url = cs.getLocation();
            try {
                String runtime = new File(url.toURI()).getPath();
                if (!cp.contains(runtime)) {
                    cp = cp.isEmpty() ? runtime : cp + File.pathSeparator + runtime;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file location; the class path alone must do.
            }
        }
        return cp;
    }
}
