"""The Spark engine: the scoring model on Apache Spark for windows past one machine (optional:
``pip install 'clout[spark]'``)."""
