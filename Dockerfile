# The one image of compose.yaml: the site, the workers and the scheduler.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir '.[scale]'
ENV TIDINGS_DATA_DIR=/data
EXPOSE 8000
CMD ["tidings", "serve", "--host", "0.0.0.0", "--port", "8000"]
