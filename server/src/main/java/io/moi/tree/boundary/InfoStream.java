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
import java.util.function.Function;

/**
 * An answer that lists many nodes as a JSON array, written a part at a time while they are read
 * ({@link TreeWalker.Descendants#inParts}): the answer for a subtree of 100,000 jobs is never held
 * whole, as text or as info objects. The tree is walked before the answer starts, so that a failure
 * to walk it is still answered with an error; a failure while the parts are read cuts it short.
 */
final class InfoStream implements StreamingOutput {

  private final String head;
  private final TreeWalker.Descendants nodes;
  private final String tail;
  private final Function<Info, String> text;

  /** Writes {@code head}, the nodes' texts separated by commas, then {@code tail}. */
  InfoStream(String head, TreeWalker.Descendants nodes, String tail, Function<Info, String> text) {
    this.head = head;
    this.nodes = nodes;
    this.tail = tail;
    this.text = text;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(head);
    var first = new boolean[] {true};
    try {
      nodes.inParts(
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
