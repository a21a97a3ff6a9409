# The warm interpreter of moi's python jobs (moi.job.python-forks). The server starts it once,
# as the user jobs run as, with a job's clean environment; it loads moi's launcher and what the
# launcher imports, then waits on a unix socket. For each job the server connects and sends one
# line of JSON; this process forks, answers "started <pid>", and once that process has ended,
# "ended <status>" (128+N for a death by signal N). The forked process is the job's own: a
# session of its own, the job's folder, environment, arguments and output files, and from there
# on the same code path as a python3 started for the job, without Python's start-up.
# It exits when its standard input closes: the server has gone, and the jobs it still runs are
# stopped, since the server that comes back runs them again.
# Arguments: the launcher's file, the socket's path.
import atexit
import gc
import importlib.util
import json
import os
import select
import signal
import socket
import sys
import time
import traceback


def load_launcher(path):
    spec = importlib.util.spec_from_file_location("moi_launcher", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exit_status(status):
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1


def reap(waiting):
    while waiting:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = waiting.pop(pid, None)
        if connection is not None:
            try:
                connection.sendall(b"ended %d\n" % exit_status(status))
            except OSError:
                pass  # the server stopped waiting (its job was stopped)
            connection.close()


def stop_jobs(waiting):
    """The server has gone (killed, say): nobody watches these jobs any more, and the server that
    comes back will run them again. Their process groups are stopped as the server stops them:
    SIGTERM, then SIGKILL two seconds later."""
    for signal_number, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 0)):
        for pid in list(waiting):
            try:
                os.killpg(pid, signal_number)
            except OSError:
                pass
        deadline = time.monotonic() + grace
        while waiting and time.monotonic() < deadline:
            time.sleep(0.02)
            reap(waiting)


def read_request(connection):
    connection.settimeout(5)
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    connection.settimeout(None)
    return json.loads(data)


def serve(listener):
    """Returns, in a forked process only, the request that process is to run."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    waiting = {}
    while True:
        try:
            ready, _, _ = select.select([listener, wake_read, 0], [], [])
        except InterruptedError:
            continue
        if 0 in ready and not os.read(0, 4096):
            stop_jobs(waiting)
            sys.exit(0)
        if wake_read in ready:
            try:
                while os.read(wake_read, 4096):
                    pass
            except BlockingIOError:
                pass
        reap(waiting)
        if listener not in ready:
            continue
        connection, _ = listener.accept()
        try:
            request = read_request(connection)
        except (OSError, ValueError):
            request = None
        if request is None:
            connection.close()
            continue
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for open_socket in [listener, connection, *waiting.values()]:
                open_socket.close()
            os.close(wake_read)
            os.close(wake_write)
            return request
        try:
            connection.sendall(b"started %d\n" % pid)
            waiting[pid] = connection
        except OSError:
            connection.close()


def become_the_job(request):
    os.setsid()
    stdin = os.open(os.devnull, os.O_RDONLY)
    stdout = os.open(request["out"], os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    stderr = os.open(request["err"], os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["folder"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = request["argv"]
    sys.path[0] = request["folder"]


def main(launcher_file, socket_path):
    launcher = load_launcher(launcher_file)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    # The server's user reaches it through the group when jobs run as another user.
    os.chmod(socket_path, 0o660)
    listener.listen(128)
    # What is loaded now stays out of the collector's sight: a forked process that collects
    # would otherwise touch, and so copy, every page of it.
    gc.freeze()
    print("ready", flush=True)
    request = serve(listener)
    become_the_job(request)
    try:
        status = launcher.main(*request["argv"][1:])
    except SystemExit as stop:
        status = stop.code
    except KeyboardInterrupt:
        # As the interpreter does: the traceback, then the process dies of the signal.
        traceback.print_exc()
        finish()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        traceback.print_exc()
        status = 1
    os._exit(exit_code(status) if finish() else 120)


def finish():
    """Ends the job's process as the interpreter would, without tearing the interpreter down
    (which would touch, and so copy, every object this process shares with the warm one):
    waits for the job's non-daemon threads, runs its atexit functions, flushes its output.
    Returns whether the output could be flushed."""
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    atexit._run_exitfuncs()
    flushed = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            flushed = False
    return flushed


def exit_code(status):
    """The status sys.exit(status) gives."""
    if status is None:
        return 0
    if isinstance(status, int):
        return status & 0xFF
    print(status, file=sys.stderr, flush=True)
    return 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
