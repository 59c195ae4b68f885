from gyokaku.cli import main

raise SystemExit(main())
