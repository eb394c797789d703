/*
 * One JVM validates several EPUBs: the test suite's single EPUBCheck run (tests/support/epubcheck_batch.py starts it
 * with the JDK's single-file source launcher, JEP 330). Arguments are pairs <epub> <report.json>; each EPUB is
 * checked exactly as `java -jar epubcheck.jar <epub> -q --json <report.json>` checks it, through EPUBCheck's own
 * command-line entry (com.adobe.epubcheck.tool.EpubChecker#run), one after the other.
 */
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "-q", "--json", args[i + 1]});
        }
    }
}
