// A warm EPUBCheck: one JVM that validates EPUB after EPUB, so the schemas are compiled once.
//
// Started by bookpress.validate.epubcheck_jvm. Protocol (UTF-8 lines): the caller writes
// "<epub path>\t<report path>" on stdin; the server runs EPUBCheck exactly as its command line does
// ("<epub> -q --json <report>", class com.adobe.epubcheck.tool.EpubChecker) and answers
// "bookpress-epubcheck done <exit status> <milliseconds the check took>" on stdout. Anything else EPUBCheck or the
// JVM prints goes to stderr. Before reading requests it validates the warm-up EPUB given as its first argument
// (report discarded), so the schemas are ready when the first book arrives, and says
// "bookpress-epubcheck done warm <milliseconds since the JVM started>". End of stdin ends the server.
//
// "--compile <this file> <folder>" compiles this file into <folder> with the JDK compiler the Java runtime
// ships (module jdk.compiler), so later starts load a class instead of compiling the source again.

import com.adobe.epubcheck.tool.EpubChecker;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubCheckServer {
    static final String ANSWER = "bookpress-epubcheck done ";

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--compile")) {
            javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                System.err.println("no Java compiler in this runtime");
                System.exit(2);
            }
            System.exit(compiler.run(null, null, null, "-nowarn", "-cp", System.getProperty("java.class.path"),
                                     "-d", args[2], args[1]));
        }
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);
        if (args.length >= 2) {
            new EpubChecker().run(new String[] {args[0], "-q", "--json", args[1]});
        }
        answers.println(ANSWER + "warm " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] request = line.split("\t");
            long started = System.nanoTime();
            int status;
            if (request.length != 2) {
                System.err.println("bad request: " + line);
                status = 64;
            } else {
                status = new EpubChecker().run(new String[] {request[0], "-q", "--json", request[1]});
            }
            answers.println(ANSWER + status + " " + (System.nanoTime() - started) / 1000000);
        }
    }
}
