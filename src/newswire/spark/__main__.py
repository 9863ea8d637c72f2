"""`python -m newswire.spark INPUT... --out DIR`, and the file to give `spark-submit`
(absolute imports: spark-submit runs it as a script, not as a module)."""
import sys

from newswire.spark.job import main

if __name__ == "__main__":
    sys.exit(main())
