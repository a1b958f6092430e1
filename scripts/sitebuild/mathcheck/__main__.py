import sys

from sitebuild.mathcheck.command import main

sys.exit(main())
