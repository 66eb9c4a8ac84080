import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The CPU cost of one MPIN check with user-service's production Argon2id parameters (19 MiB, 2
 * iterations, 1 lane): thread CPU time, which a busy machine does not inflate, and wall time.
 * Run by bench/accounts/argon2-cost.sh.
 */
public class Argon2Cost {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
        String hash = argon2.encode("peppered-mpin");
        for (int i = 0; i < 10; i++) {
            argon2.matches("peppered-mpin", hash); // warm-up
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!argon2.matches("peppered-mpin", hash)) {
                throw new IllegalStateException();
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
        double wall = (System.nanoTime() - wall0) / 1e6 / n;
        System.out.printf("Argon2id (19 MiB, t=2, p=1): %.1f ms CPU, %.1f ms wall per MPIN check (%d checks)%n", cpu, wall, n);
    }
}
