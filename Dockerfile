# Regularization Lab: a slim, non-root, offline image of the Streamlit app.
# The base is a build argument so that machines without a registry can build on a
# local Debian image (deploy/smoke.sh); both bases provide python3.
ARG BASE=python:3.12-slim-bookworm

FROM ${BASE} AS build
WORKDIR /build
COPY requirements.txt .
# One virtual environment with the pinned runtime requirements; no caches kept.
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r requirements.txt

FROM ${BASE} AS runtime
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    PORT=8501
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# uid 1000 is what Hugging Face Spaces expects; no shell login, no home to write to.
RUN useradd --uid 1000 --no-create-home --shell /usr/sbin/nologin app
COPY --chown=root:root app.py ./
COPY --chown=root:root pages ./pages
COPY --chown=root:root regviz ./regviz
COPY --chown=root:root .streamlit ./.streamlit
# plotly.js for the client-side λ panels, served by Streamlit from ./static (no CDN).
COPY --chown=root:root static ./static
USER 1000
EXPOSE 8501
# Slim images have no curl: ask Streamlit's health endpoint with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_stcore/health' % os.environ.get('PORT', '8501'), timeout=4)"]
# exec replaces the shell, so the server is PID 1 and receives SIGTERM directly; $PORT is
# honoured for Cloud Run, Render and Spaces (Streamlit itself does not read it).
# regviz.ui.serve is `streamlit run` plus the charts' routes and the server tweaks (README).
ENTRYPOINT ["/bin/sh", "-c", "exec python3 -m regviz.ui.serve app.py --server.address=0.0.0.0 --server.port=\"${PORT:-8501}\""]
