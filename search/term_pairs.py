"""Built-in Korean ↔ English term pairs of the fields the clusters work in."""

TERM_PAIRS = [
    # Carbon parts & materials
    ("탄소섬유", "carbon fibre"),
    ("탄소섬유", "carbon fiber"),
    ("복합소재", "composite materials"),
    ("발열체", "heating element"),
    ("경량화", "lightweighting"),
    ("탄소", "carbon"),
    # IT convergence
    ("스마트공장", "smart factory"),
    ("임베디드 소프트웨어", "embedded software"),
    ("사물인터넷", "IoT"),
    ("인공지능", "AI"),
    ("머신비전", "machine vision"),
    # High-efficiency energy
    ("이차전지", "secondary battery"),
    ("배터리", "battery"),
    ("전력변환", "power conversion"),
    ("태양광", "solar power"),
    ("에너지관리", "energy management"),
    # Smart devices
    ("센서", "sensor"),
    ("디스플레이", "display"),
    ("모바일 부품", "mobile components"),
    ("웨어러블", "wearables"),
    # 3D printing
    ("3D프린팅", "3D printing"),
    ("적층제조", "additive manufacturing"),
    ("시제품 제작", "prototyping"),
    ("3D 스캐닝", "3D scanning"),
    # Agri-bio convergence
    ("스마트팜", "smart farm"),
    ("기능성 식품", "functional food"),
    ("농업용 전기차", "agricultural EV"),
    ("바이오소재", "biomaterials"),
    # Industry-academia convergence
    ("산학협력", "industry-academia collaboration"),
    ("산학연", "industry-academia-research"),
    ("인재양성", "workforce training"),
    ("공동연구", "joint R&D"),
    ("기술이전", "technology transfer"),
    # Rural industrial complexes and micro-manufacturers
    ("일감나누기", "work sharing"),
    ("판로개척", "sales channels"),
    ("정밀가공", "precision machining"),
    ("금형", "moulds and dies"),
    ("공용장비", "shared equipment"),
    ("기술교류", "technology exchange"),
    ("수출", "export"),
    ("투자유치", "investment attraction"),
]
