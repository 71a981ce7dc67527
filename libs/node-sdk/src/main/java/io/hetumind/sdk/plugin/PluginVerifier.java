package io.hetumind.sdk.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads every class of a plugin jar with the JDK's {@code java.lang.classfile} API before any of it runs, and lists
 * the places where it would reach past the host's services: raw sockets, URL connections and HTTP clients, file
 * APIs, environment variables and system properties, processes, threads, reflection, method handles and class
 * loaders, native code, {@code System.exit}. Each use is allowed only when the matching {@link PluginPermissions}
 * declaration is present (some, like stopping the JVM, never are). Environment variables and system properties read
 * with a constant name must be declared by name. This sees calls the plugin's own bytecode makes — what host
 * libraries do for it is fenced by {@link PluginClassLoader}, which shows plugins only the SPI's packages.
 */
final class PluginVerifier {

    /** What a use needs. */
    enum Need {
        NETWORK("permissions.network"),
        FILES("permissions.files.read or permissions.files.write"),
        ENV("permissions.env"),
        SYSTEM_PROPERTIES("permissions.system-properties"),
        THREADS("permissions.threads=true"),
        PROCESSES("permissions.processes=true"),
        REFLECTION("permissions.reflection=true"),
        NEVER(null);

        final String key;

        Need(String key) {
            this.key = key;
        }
    }

    /** An API: {@code owner} is a class name or a package prefix ending in '.', {@code methods} null for any. */
    private record Rule(String owner, Set<String> methods, Need need, String what) {
        boolean matches(String cls, String method) {
            boolean ownerMatches = owner.endsWith(".") ? cls.startsWith(owner) : cls.equals(owner);
            return ownerMatches && (methods == null || methods.contains(method));
        }
    }

    private static Rule rule(String owner, Need need, String what, String... methods) {
        return new Rule(owner, methods.length == 0 ? null : Set.of(methods), need, what);
    }

    private static final List<Rule> RULES = List.of(
            rule("java.lang.System", Need.NEVER, "stopping the JVM", "exit"),
            rule("java.lang.Runtime", Need.NEVER, "stopping the JVM", "exit", "halt"),
            rule("java.lang.System", Need.NEVER, "loading native code", "load", "loadLibrary"),
            rule("java.lang.Runtime", Need.NEVER, "loading native code", "load", "loadLibrary"),
            rule("java.lang.foreign.", Need.NEVER, "calling native code"),
            rule("sun.misc.Unsafe", Need.NEVER, "raw memory access (Unsafe)"),
            rule("jdk.internal.", Need.NEVER, "JDK internals"),
            rule("sun.", Need.NEVER, "JDK internals"),
            rule("java.lang.instrument.", Need.NEVER, "instrumenting classes"),
            rule(
                    "java.lang.System",
                    Need.NEVER,
                    "replacing the host's standard streams or security settings",
                    "setOut",
                    "setErr",
                    "setIn",
                    "setSecurityManager"),
            rule(
                    "java.lang.System",
                    Need.NEVER,
                    "changing the host's system properties",
                    "setProperty",
                    "clearProperty",
                    "setProperties"),
            rule("java.lang.System", Need.NEVER, "reading every system property", "getProperties"),
            rule("java.net.Socket", Need.NETWORK, "raw network access"),
            rule("java.net.ServerSocket", Need.NETWORK, "raw network access"),
            rule("java.net.DatagramSocket", Need.NETWORK, "raw network access"),
            rule("java.net.MulticastSocket", Need.NETWORK, "raw network access"),
            rule("java.net.URLConnection", Need.NETWORK, "URL connections"),
            rule("java.net.HttpURLConnection", Need.NETWORK, "URL connections"),
            rule("java.net.JarURLConnection", Need.NETWORK, "URL connections"),
            rule("java.net.URL", Need.NETWORK, "URL connections", "openConnection", "openStream", "getContent"),
            rule("java.net.InetAddress", Need.NETWORK, "name resolution", "getByName", "getAllByName", "getLocalHost"),
            rule("java.net.http.", Need.NETWORK, "the JDK HTTP client"),
            rule("java.nio.channels.SocketChannel", Need.NETWORK, "raw network access"),
            rule("java.nio.channels.ServerSocketChannel", Need.NETWORK, "raw network access"),
            rule("java.nio.channels.DatagramChannel", Need.NETWORK, "raw network access"),
            rule("java.nio.channels.AsynchronousSocketChannel", Need.NETWORK, "raw network access"),
            rule("java.nio.channels.AsynchronousServerSocketChannel", Need.NETWORK, "raw network access"),
            rule("javax.net.", Need.NETWORK, "socket factories"),
            rule("javax.naming.", Need.NETWORK, "JNDI lookups"),
            rule("java.rmi.", Need.NETWORK, "RMI"),
            rule("java.sql.DriverManager", Need.NETWORK, "JDBC connections"),
            rule("com.sun.net.httpserver.", Need.NETWORK, "an HTTP server"),
            rule("java.io.File", Need.FILES, "file access"),
            rule("java.io.FileInputStream", Need.FILES, "file access"),
            rule("java.io.FileOutputStream", Need.FILES, "file access"),
            rule("java.io.FileReader", Need.FILES, "file access"),
            rule("java.io.FileWriter", Need.FILES, "file access"),
            rule("java.io.RandomAccessFile", Need.FILES, "file access"),
            rule("java.nio.file.Files", Need.FILES, "file access"),
            rule("java.nio.file.FileSystems", Need.FILES, "file access"),
            rule("java.nio.file.FileSystem", Need.FILES, "file access"),
            rule("java.nio.file.spi.", Need.FILES, "file access"),
            rule("java.nio.channels.FileChannel", Need.FILES, "file access"),
            rule("java.nio.channels.AsynchronousFileChannel", Need.FILES, "file access"),
            rule("java.util.zip.ZipFile", Need.FILES, "file access"),
            rule("java.util.jar.JarFile", Need.FILES, "file access"),
            rule("java.util.logging.FileHandler", Need.FILES, "file access"),
            rule("java.lang.ProcessBuilder", Need.PROCESSES, "starting processes"),
            rule("java.lang.Runtime", Need.PROCESSES, "starting processes", "exec"),
            rule("java.lang.ProcessHandle", Need.PROCESSES, "acting on processes"),
            rule(
                    "java.lang.Thread",
                    Need.THREADS,
                    "starting threads",
                    "<init>",
                    "startVirtualThread",
                    "ofVirtual",
                    "ofPlatform"),
            rule("java.lang.Thread$Builder", Need.THREADS, "starting threads"),
            rule("java.lang.Thread$Builder$OfPlatform", Need.THREADS, "starting threads"),
            rule("java.lang.Thread$Builder$OfVirtual", Need.THREADS, "starting threads"),
            rule("java.lang.ThreadGroup", Need.THREADS, "starting threads"),
            rule("java.lang.Runtime", Need.THREADS, "starting threads", "addShutdownHook"),
            rule("java.util.concurrent.Executors", Need.THREADS, "starting threads"),
            rule("java.util.concurrent.ThreadPoolExecutor", Need.THREADS, "starting threads", "<init>"),
            rule("java.util.concurrent.ScheduledThreadPoolExecutor", Need.THREADS, "starting threads", "<init>"),
            rule("java.util.concurrent.ForkJoinPool", Need.THREADS, "starting threads", "<init>"),
            rule("java.util.Timer", Need.THREADS, "starting threads", "<init>"),
            rule("java.lang.reflect.", Need.REFLECTION, "reflection"),
            rule("java.lang.invoke.", Need.REFLECTION, "method handles"),
            rule(
                    "java.lang.Class",
                    Need.REFLECTION,
                    "reflection",
                    "forName",
                    "getDeclaredMethod",
                    "getDeclaredMethods",
                    "getDeclaredField",
                    "getDeclaredFields",
                    "getDeclaredConstructor",
                    "getDeclaredConstructors",
                    "getMethod",
                    "getMethods",
                    "getField",
                    "getFields",
                    "getConstructor",
                    "getConstructors",
                    "newInstance"),
            rule(
                    "java.lang.ClassLoader",
                    Need.REFLECTION,
                    "class loaders",
                    "<init>",
                    "defineClass",
                    "loadClass",
                    "findClass",
                    "getParent",
                    "getSystemClassLoader",
                    "getPlatformClassLoader"),
            rule("java.lang.Thread", Need.REFLECTION, "class loaders", "getContextClassLoader"),
            rule("java.util.ServiceLoader", Need.REFLECTION, "loading services from the host"),
            rule("io.hetumind.core.spi.NodeRegistry", Need.REFLECTION, "loading the host's node types", "load", "lazy"),
            rule("java.security.SecureClassLoader", Need.REFLECTION, "creating class loaders", "<init>", "defineClass"),
            rule("java.net.URLClassLoader", Need.REFLECTION, "creating class loaders"),
            rule("java.lang.Module", Need.REFLECTION, "opening modules", "addOpens", "addExports", "addReads"),
            rule("java.lang.ModuleLayer", Need.REFLECTION, "defining modules"),
            rule("javax.management.", Need.REFLECTION, "JMX"));

    /** Bootstraps javac emits for lambdas, string concatenation, records and switches: no reflection by the plugin. */
    private static final Set<String> STANDARD_BOOTSTRAPS = Set.of(
            "java.lang.invoke.LambdaMetafactory",
            "java.lang.invoke.StringConcatFactory",
            "java.lang.runtime.ObjectMethods",
            "java.lang.runtime.SwitchBootstraps");

    private static final int MAX_REPORTED = 5;

    private PluginVerifier() {}

    /**
     * Every use in {@code jar}'s classes that {@code permissions} do not cover, e.g. {@code "acme.Evil.execute calls
     * java.net.Socket.<init> (raw network access), which needs permissions.network"}; empty when there is none.
     *
     * @throws IOException when the jar cannot be read
     * @throws IllegalArgumentException when a class file cannot be parsed (naming it)
     */
    static List<String> violations(JarFile jar, PluginPermissions permissions) throws IOException {
        List<String> out = new ArrayList<>();
        for (JarEntry e : Collections.list(jar.entries())) {
            String name = e.getName();
            if (e.isDirectory() || !name.endsWith(".class") || name.endsWith("module-info.class")) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = jar.getInputStream(e)) {
                bytes = in.readAllBytes();
            }
            ClassModel cls;
            try {
                cls = ClassFile.of().parse(bytes);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("its class file " + name + " cannot be read: " + bad.getMessage());
            }
            new Scan(cls, permissions, out).run();
        }
        return out.stream().distinct().toList();
    }

    /** {@code "…; …"} of the first few violations, and how many more. */
    static String describe(List<String> violations) {
        String shown = String.join("; ", violations.subList(0, Math.min(MAX_REPORTED, violations.size())));
        return violations.size() > MAX_REPORTED
                ? shown + " (and " + (violations.size() - MAX_REPORTED) + " more)"
                : shown;
    }

    /** One class. */
    private record Scan(ClassModel cls, PluginPermissions permissions, List<String> out) {

        void run() {
            String self = dotted(cls.thisClass().asInternalName());
            cls.superclass().ifPresent(s -> use(self, true, dotted(s.asInternalName()), "<init>"));
            for (MethodModel m : cls.methods()) {
                String where = self + "." + m.methodName().stringValue();
                m.code().ifPresent(code -> scan(where, code));
            }
        }

        private void scan(String where, CodeModel code) {
            List<Instruction> recent = new ArrayList<>();
            for (CodeElement e : code) {
                if (!(e instanceof Instruction insn)) {
                    continue;
                }
                switch (insn) {
                    case InvokeInstruction call -> {
                        String owner = dotted(call.owner().asInternalName());
                        String name = call.name().stringValue();
                        MethodTypeDesc type = call.typeSymbol();
                        if (!named(where, owner, name, type, recent) && !use(where, false, owner, name)) {
                            parameters(where, owner, name, type);
                        }
                    }
                    case FieldInstruction field ->
                        use(
                                where,
                                false,
                                dotted(field.owner().asInternalName()),
                                field.name().stringValue());
                    case NewObjectInstruction create ->
                        use(where, false, dotted(create.className().asInternalName()), "<init>");
                    case InvokeDynamicInstruction indy -> dynamic(where, indy);
                    default -> {}
                }
                recent.add(insn);
                if (recent.size() > 4) {
                    recent.removeFirst();
                }
            }
        }

        /** Environment and system property reads: by declared name, or any when names are declared and it is computed. */
        private boolean named(String where, String owner, String name, MethodTypeDesc type, List<Instruction> recent) {
            boolean env = owner.equals("java.lang.System") && name.equals("getenv");
            boolean property = (owner.equals("java.lang.System") && name.equals("getProperty"))
                    || (owner.equals("java.lang.Integer") && name.equals("getInteger"))
                    || (owner.equals("java.lang.Long") && name.equals("getLong"))
                    || (owner.equals("java.lang.Boolean") && name.equals("getBoolean"));
            if (!env && !property) {
                return false;
            }
            String api = owner.substring("java.lang.".length()) + "." + name;
            if (type.parameterCount() == 0) {
                out.add(where + " calls " + api + "() (reading the whole environment), which no plugin may do");
                return true;
            }
            Set<String> declared = env ? permissions.env() : permissions.systemProperties();
            String key = env ? Need.ENV.key : Need.SYSTEM_PROPERTIES.key;
            String what = env ? "environment variable" : "system property";
            String constant = constantArgument(recent, type.parameterCount());
            if (constant != null && !declared.contains(constant)) {
                out.add(where + " reads " + what + " " + constant + " (" + api + "), which " + key
                        + " does not declare");
            } else if (constant == null && declared.isEmpty()) {
                out.add(where + " reads a computed " + what + " name (" + api + "), which needs " + key);
            }
            return true;
        }

        /** The constant string passed as the first of {@code params} arguments, when every argument is a constant. */
        private static String constantArgument(List<Instruction> recent, int params) {
            if (recent.size() < params) {
                return null;
            }
            for (int i = recent.size() - params; i < recent.size(); i++) {
                if (!(recent.get(i) instanceof ConstantInstruction)) {
                    return null;
                }
            }
            return recent.get(recent.size() - params) instanceof ConstantInstruction c
                            && c.constantValue() instanceof String s
                    ? s
                    : null;
        }

        /** Host libraries reach files and URLs for a caller that hands them a File, a Path or a URL. */
        private void parameters(String where, String owner, String name, MethodTypeDesc type) {
            if (owner.startsWith("java.nio.file.Path")
                    || owner.equals("java.net.URL")
                    || owner.equals("java.net.URI")) {
                return;
            }
            for (ClassDesc p : type.parameterList()) {
                String d = p.descriptorString();
                if ((d.equals("Ljava/io/File;") || d.equals("Ljava/nio/file/Path;")) && !permissions.files()) {
                    out.add(where + " passes a file to " + owner + "." + name + " (file access), which needs "
                            + Need.FILES.key);
                    return;
                }
                if (d.equals("Ljava/net/URL;") && permissions.hosts().isEmpty()) {
                    out.add(where + " passes a URL to " + owner + "." + name + " (URL connections), which needs "
                            + Need.NETWORK.key);
                    return;
                }
            }
        }

        private void dynamic(String where, InvokeDynamicInstruction indy) {
            DirectMethodHandleDesc bootstrap = indy.bootstrapMethod();
            String owner = dotted(bootstrap.owner());
            if (!STANDARD_BOOTSTRAPS.contains(owner)) {
                use(where, false, owner, bootstrap.methodName());
            }
            for (ConstantDesc arg : indy.bootstrapArgs()) {
                if (arg instanceof DirectMethodHandleDesc target) { // a method reference, e.g. System::exit
                    use(where, false, dotted(target.owner()), target.methodName());
                }
            }
        }

        /** Records a violation when {@code owner.method} needs what is not declared; true when it did. */
        private boolean use(String where, boolean extending, String owner, String method) {
            if (owner.equals("java.lang.invoke.SerializedLambda")) {
                return false; // javac's $deserializeLambda$ for a serializable lambda
            }
            for (Rule r : RULES) {
                if (r.matches(owner, method) && !allowed(r.need())) {
                    String line = extending ? where + " extends " + owner : where + " calls " + owner + "." + method;
                    out.add(line + " (" + r.what() + "), "
                            + (r.need() == Need.NEVER ? "which no plugin may do" : "which needs " + r.need().key));
                    return true;
                }
            }
            return false;
        }

        private boolean allowed(Need need) {
            return switch (need) {
                case NETWORK -> !permissions.hosts().isEmpty();
                case FILES -> permissions.files();
                case ENV -> !permissions.env().isEmpty();
                case SYSTEM_PROPERTIES -> !permissions.systemProperties().isEmpty();
                case THREADS -> permissions.threads();
                case PROCESSES -> permissions.processes();
                case REFLECTION -> permissions.reflection();
                case NEVER -> false;
            };
        }
    }

    private static String dotted(String internal) {
        return internal.replace('/', '.');
    }

    private static String dotted(ClassDesc desc) {
        String d = desc.descriptorString();
        return d.startsWith("L") && d.endsWith(";") ? dotted(d.substring(1, d.length() - 1)) : desc.displayName();
    }
}
