x = -10:0.1:10;
s = 1./(1+exp(-x));
ds1 = exp(-x)./(1+exp(-x)).^2;   % e^-x / (1+e^-x)^2
ds2 = s.*(1-s);                  % s(x)(1 - s(x))
max_difference = max(abs(ds1 - ds2));
fprintf('largest difference between the two forms: %.2e\n', max_difference)
