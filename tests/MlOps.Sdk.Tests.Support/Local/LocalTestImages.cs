namespace MlOps.Sdk.Tests.Local;

/// <summary>The tiny trainer (bash) and model server (python3) the local-mode tests run, written into the test's home.</summary>
internal static class LocalTestImages
{
    /// <summary>Behaviour chosen by the <c>mode</c> hyperparameter: ok, fail, hang, stubborn (ignores SIGTERM), nomodel, slow, cache (appends the job's name to the warm pool's cache); for clusters shards, failon, peers.</summary>
    internal const string Trainer = """
        #!/usr/bin/env bash
        set -u
        [[ "${1:-}" == "train" ]] || { echo "unknown verb ${1:-}" >&2; exit 2; }
        mode="${SM_HP_MODE:-ok}"
        echo "channels=$SM_CHANNELS hosts=$SM_HOSTS host=$SM_CURRENT_HOST gpus=$SM_NUM_GPUS"
        echo "hyperparameters=$(cat "$SAGEMAKER_BASE_DIR/input/config/hyperparameters.json")"
        echo "resourceconfig=$(cat "$SAGEMAKER_BASE_DIR/input/config/resourceconfig.json")"
        echo "inputdataconfig=$(cat "$SAGEMAKER_BASE_DIR/input/config/inputdataconfig.json")"
        echo "job=$TRAINING_JOB_NAME arn=$TRAINING_JOB_ARN custom=${CUSTOM_SETTING:-}"
        case "$mode" in
          ok)
            echo "train-rows=$(cat "$SM_CHANNEL_TRAIN"/* | wc -l)"
            echo "validation:accuracy=0.50"
            echo "a warning on stderr" >&2
            echo "validation:accuracy=0.93"
            echo '{"weight": 2}' > "$SM_MODEL_DIR/model.json"
            mkdir -p "$SM_MODEL_DIR/sub" && echo nested > "$SM_MODEL_DIR/sub/file.txt"
            echo "$TRAINING_JOB_NAME" > "$SM_OUTPUT_DATA_DIR/job.txt"
            ;;
          fail)
            echo "epochs must be positive" > "$SAGEMAKER_BASE_DIR/output/failure"
            exit 3
            ;;
          hang)
            sleep 600
            ;;
          stubborn)
            trap '' TERM
            touch "$SM_MODEL_DIR/../sigterm_ignored"
            sleep 600
            ;;
          cache)
            echo "$TRAINING_JOB_NAME" >> "$SAGEMAKER_MANAGED_WARMPOOL_CACHE_DIRECTORY/jobs"
            echo '{"weight": 4}' > "$SM_MODEL_DIR/model.json"
            ;;
          nomodel)
            echo "forgot to save the model"
            ;;
          slow)
            sleep "${SM_HP_SECONDS:-3}"
            echo '{"weight": 3}' > "$SM_MODEL_DIR/model.json"
            ;;
          shards)
            for f in "$SM_CHANNEL_TRAIN"/*; do [[ -e "$f" ]] && echo "shard-file=$(basename "$f")"; done
            echo "cluster=$SM_HOSTS group=$SM_CURRENT_INSTANCE_GROUP_HOSTS addresses=$MLOPS_HOST_ADDRESSES"
            echo "{\"weight\": ${SM_CURRENT_HOST#algo-}}" > "$SM_MODEL_DIR/model.json"
            ;;
          failon)
            if [[ "$SM_CURRENT_HOST" == "$SM_HP_FAIL_HOST" ]]; then
              echo "disk full on $SM_CURRENT_HOST" > "$SAGEMAKER_BASE_DIR/output/failure"
              exit 3
            fi
            echo "$$" > "$SAGEMAKER_BASE_DIR/output/data/trainer.pid"
            sleep 600
            ;;
          peers)
            if [[ "$SM_CURRENT_HOST" == "algo-1" ]]; then
              python3 -c '
        import json, os, socket
        hosts = json.loads(os.environ["SM_HOSTS"])
        server = socket.create_server(("127.0.0.1", int(os.environ["MLOPS_CURRENT_HOST_PORT"])))
        for _ in hosts[1:]:
            connection, _ = server.accept()
            print("peer-said=" + connection.makefile().readline().strip(), flush=True)
            connection.close()
        '
            else
              leader=$(python3 -c 'import json, os; print(json.loads(os.environ["MLOPS_HOST_ADDRESSES"])["algo-1"])')
              for _ in $(seq 100); do
                (echo "hello from $SM_CURRENT_HOST" > "/dev/tcp/${leader%:*}/${leader#*:}") 2>/dev/null && break
                sleep 0.1
              done
            fi
            echo '{"weight": 1}' > "$SM_MODEL_DIR/model.json"
            ;;
        esac
        """;

    /// <summary>Behaviour chosen by the <c>SERVER_MODE</c> environment variable: ok, noping, gate (answers /ping only once the file <c>GATE_FILE</c> exists); the payload "crash" kills it, "reset" resets that connection.</summary>
    internal const string Server = """
        import json, os, signal, socket, struct, sys, threading
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

        if len(sys.argv) < 2 or sys.argv[1] != "serve":
            sys.exit(2)
        mode = os.environ.get("SERVER_MODE", "ok")
        version = os.environ.get("VERSION", "v1")
        model_file = os.path.join(os.environ["SM_MODEL_DIR"], "model.json")
        weight = json.load(open(model_file))["weight"] if os.path.exists(model_file) else 1
        port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                # Pings are polled many times a second; logging them would push the start-up line out of the log tail.
                if self.path == "/ping":
                    return
                sys.stderr.write("request " + (fmt % args) + "\n")
                sys.stderr.flush()

            def reply(self, status, body, content_type="application/json"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                attributes = self.headers.get("X-Amzn-SageMaker-Custom-Attributes")
                if attributes:
                    self.send_header("X-Amzn-SageMaker-Custom-Attributes", attributes)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                healthy = mode == "ok" or (mode == "gate" and os.path.exists(os.environ["GATE_FILE"]))
                if self.path == "/ping" and healthy:
                    self.reply(200, "{}")
                else:
                    self.reply(503, '{"error": "not ready"}')

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if body == b"crash":
                    os._exit(7)
                if body == b"reset":
                    # SO_LINGER 0: close() sends a TCP reset, as the kernel does for a server killed mid-request.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                try:
                    x = float(body)
                except ValueError:
                    self.reply(400, '{"error": "input must be a number"}')
                    return
                self.reply(200, json.dumps({"prediction": x * weight, "version": version}))

        # The template server's rule: an explicit MLOPS_BIND_ADDRESS, else every interface inside a container, else loopback.
        in_container = os.environ.get("DOTNET_RUNNING_IN_CONTAINER", "").lower() == "true"
        address = os.environ.get("MLOPS_BIND_ADDRESS") or ("0.0.0.0" if in_container else "127.0.0.1")
        server = ThreadingHTTPServer((address, port), Handler)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        print(f"serving model weight={weight} version={version} on {port}", flush=True)
        server.serve_forever()
        server.server_close()
        print("stopped gracefully", flush=True)
        """;
}
