# Hades in a container: the same `hades` CLI as on the host (see README and docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*
WORKDIR /hades
COPY . .
RUN dotnet build src/Hades.Host/Hades.Host.csproj -c Release -nologo -v q && touch src/Hades.Host/bin/Release/net10.0/hades
VOLUME /runs
ENTRYPOINT ["/hades/hades"]
CMD ["run", "--run-dir", "/runs/cartpole"]
