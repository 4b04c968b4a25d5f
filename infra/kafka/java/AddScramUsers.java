// Adds (or replaces) the SCRAM-SHA-512 credentials of many users in one AlterUserScramCredentials
// request, in one JVM: kafka-configs takes one user per run (a JVM each, seconds apiece).
// Run in Java's source-file mode on the Kafka jars (infra/kafka/src/access.ts):
//   java -cp '<jars>/*' AddScramUsers.java <client.properties>   < "name<TAB>password" lines
// Passwords come on stdin, never in the arguments.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class AddScramUsers {
  public static void main(String[] args) throws Exception {
    Properties config = new Properties();
    try (FileInputStream in = new FileInputStream(args[0])) {
      config.load(in);
    }
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      int tab = line.indexOf('\t');
      if (tab <= 0) continue;
      upserts.add(
          new UserScramCredentialUpsertion(
              line.substring(0, tab),
              new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
              line.substring(tab + 1)));
    }
    try (Admin admin = Admin.create(config)) {
      admin.alterUserScramCredentials(upserts).all().get();
    }
    System.out.println("added " + upserts.size());
  }
}
