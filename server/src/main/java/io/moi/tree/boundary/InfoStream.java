package io.moi.tree.boundary;

import io.moi.tree.control.TreeWalker;
import io.moi.tree.entity.Info;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * An answer that lists many nodes as a JSON array, written while they are read, a part at a time
 * ({@link TreeWalker#inParts}): the answer for a subtree of 100,000 jobs is never held whole, as
 * text or as info objects. The IDs are read before the answer starts, so that a failure to walk the
 * tree is still answered with an error; a failure while the parts are read cuts the answer short.
 */
final class InfoStream implements StreamingOutput {

  private final String head;
  private final List<String> ids;
  private final String tail;
  private final TreeWalker walker;
  private final Function<Info, String> text;

  /** Writes {@code head}, the nodes' texts separated by commas, then {@code tail}. */
  InfoStream(
      String head, List<String> ids, String tail, TreeWalker walker, Function<Info, String> text) {
    this.head = head;
    this.ids = ids;
    this.tail = tail;
    this.walker = walker;
    this.text = text;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(head);
    var first = new boolean[] {true};
    try {
      walker.inParts(
          ids,
          part -> {
            try {
              for (Info node : part) {
                if (!first[0]) {
                  writer.write(',');
                }
                first[0] = false;
                writer.write(text.apply(node));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writer.write(tail);
    writer.flush();
  }
}
