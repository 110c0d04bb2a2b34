/** The floor: a JVM that starts, prints and exits, with crema's JVM flags and its own AOT cache. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
